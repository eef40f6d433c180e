// Command kubectl-yaml prints, for each YAML file named, the JSON that `kubectl apply -f FILE` sends for each of its
// documents: it splits the stream with the reader kubectl uses (k8s.io/apimachinery/pkg/util/yaml) and converts each
// document with sigs.k8s.io/yaml.YAMLToJSON, the YAML 1.1 rules of go-yaml v2. It is test tooling: Palisade's
// differential test compares its own loader with this output, document by document.
//
// Output: one JSON line per file,
//
//	{"file": "...", "documents": [{"json": {...}} | {"error": "..."}, ...], "error": "..."}
//
// in the order of the stream, where "json" is what kubectl sends (null for a document of comments only, which
// kubectl skips), "error" is why kubectl refuses that document, the file's "error" is why kubectl stops reading the
// file there (a bad document separator), and "duplicateKey" (beside
// "json") names a key written twice in one mapping as go-yaml v3 (kustomize, `kubectl apply -k`) reports it:
// `kubectl apply -f` keeps the last value silently.
//
// Usage: kubectl-yaml FILE...
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	yamlv3 "go.yaml.in/yaml/v3"
	kubeyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

type document struct {
	JSON         json.RawMessage `json:"json,omitempty"`
	Error        string          `json:"error,omitempty"`
	DuplicateKey string          `json:"duplicateKey,omitempty"`
}

type file struct {
	File      string     `json:"file"`
	Documents []document `json:"documents"`
	Error     string     `json:"error,omitempty"`
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: kubectl-yaml FILE...")
		os.Exit(2)
	}
	out := json.NewEncoder(os.Stdout)
	for _, name := range os.Args[1:] {
		if err := out.Encode(convert(name)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}

func convert(name string) file {
	result := file{File: name, Documents: []document{}}
	data, err := os.ReadFile(name)
	if err != nil {
		result.Error = err.Error()
		return result
	}
	reader := kubeyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	for {
		chunk, err := reader.Read()
		if errors.Is(err, io.EOF) {
			return result
		}
		if err != nil {
			// kubectl stops reading the file here ("invalid Yaml document separator").
			result.Error = err.Error()
			return result
		}
		doc := document{}
		converted, err := yaml.YAMLToJSON(chunk)
		if err != nil {
			doc.Error = err.Error()
		} else {
			doc.JSON = converted
			doc.DuplicateKey = duplicateKey(chunk)
		}
		result.Documents = append(result.Documents, doc)
	}
}

// duplicateKey reports a key written twice in one mapping, as go-yaml v3 refuses it; "" when there is none.
func duplicateKey(chunk []byte) string {
	var value interface{}
	err := yamlv3.Unmarshal(chunk, &value)
	if err != nil && strings.Contains(err.Error(), "already defined") {
		return err.Error()
	}
	return ""
}
