// Command loadgen drives a steady, open-loop load of AdmissionReview requests at the Palisade webhook over HTTPS and
// prints throughput and latency percentiles. Open loop: requests are scheduled at a fixed rate whatever the server
// does, and each latency is measured from its scheduled start, so a stall shows up in the tail instead of silently
// lowering the offered load (no coordinated omission). Standard library only; loopback only.
package main

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

type result struct {
	Rate       int     `json:"offeredRps"`
	Achieved   float64 `json:"achievedRps"`
	Requests   int     `json:"requests"`
	Errors     int64   `json:"errors"`
	Dropped    int64   `json:"dropped"`
	P50Millis  float64 `json:"p50ms"`
	P99Millis  float64 `json:"p99ms"`
	P999Millis float64 `json:"p999ms"`
	MaxMillis  float64 `json:"maxms"`
}

func main() {
	target := flag.String("url", "https://127.0.0.1:8443/validate", "webhook URL (loopback only)")
	caFile := flag.String("cacert", "", "CA certificate (PEM) that signed the webhook's certificate")
	bodyFile := flag.String("body", "", "AdmissionReview request body (JSON)")
	rate := flag.Int("rate", 500, "requests per second, steady")
	duration := flag.Duration("duration", 20*time.Second, "how long to measure (at most 5m)")
	warmup := flag.Duration("warmup", 5*time.Second, "load before measuring, not counted")
	connections := flag.Int("connections", 16, "keep-alive connections (the API server also reuses connections)")
	flag.Parse()

	u, err := url.Parse(*target)
	if err != nil || (u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost" && u.Hostname() != "::1") {
		fail("-url must point at loopback (127.0.0.1, ::1 or localhost)")
	}
	if *duration > 5*time.Minute || *warmup > time.Minute || *rate < 1 || *rate > 100000 {
		fail("-duration at most 5m, -warmup at most 1m, -rate 1..100000")
	}
	body, err := os.ReadFile(*bodyFile)
	if err != nil {
		fail("cannot read -body: " + err.Error())
	}
	pem, err := os.ReadFile(*caFile)
	if err != nil {
		fail("cannot read -cacert: " + err.Error())
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		fail("-cacert holds no PEM certificate")
	}
	client := &http.Client{
		Timeout: 10 * time.Second,
		Transport: &http.Transport{
			TLSClientConfig:     &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12},
			MaxIdleConnsPerHost: *connections,
			MaxConnsPerHost:     *connections,
			ForceAttemptHTTP2:   false,
		},
	}

	run(client, *target, body, *rate, *warmup, *connections, nil)
	res := run(client, *target, body, *rate, *duration, *connections, new([]time.Duration))
	out, _ := json.Marshal(res)
	fmt.Println(string(out))
}

// run offers rate requests per second for d; with latencies non-nil it records them and returns the summary.
func run(client *http.Client, target string, body []byte, rate int, d time.Duration, workers int, latencies *[]time.Duration) result {
	total := int(float64(rate) * d.Seconds())
	interval := time.Second / time.Duration(rate)
	// The queue holds scheduled start times; a full queue means the generator cannot keep up and the slot is dropped.
	queue := make(chan time.Time, 4*workers)
	var errors, dropped int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	recorded := make([]time.Duration, 0, total)
	for w := 0; w < workers*4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for scheduled := range queue {
				resp, err := client.Post(target, "application/json", bytes.NewReader(body))
				ok := err == nil && resp.StatusCode == 200
				if err == nil {
					b, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					ok = ok && strings.Contains(string(b), `"uid"`)
				}
				elapsed := time.Since(scheduled)
				if !ok {
					atomic.AddInt64(&errors, 1)
				}
				mu.Lock()
				recorded = append(recorded, elapsed)
				mu.Unlock()
			}
		}()
	}
	start := time.Now()
	for i := 0; i < total; i++ {
		next := start.Add(time.Duration(i) * interval)
		if wait := time.Until(next); wait > 0 {
			time.Sleep(wait)
		}
		select {
		case queue <- next:
		default:
			atomic.AddInt64(&dropped, 1)
		}
	}
	close(queue)
	wg.Wait()
	elapsed := time.Since(start)
	if latencies == nil {
		return result{}
	}
	sort.Slice(recorded, func(i, j int) bool { return recorded[i] < recorded[j] })
	pct := func(p float64) float64 {
		if len(recorded) == 0 {
			return 0
		}
		i := int(p * float64(len(recorded)-1))
		return float64(recorded[i].Microseconds()) / 1000
	}
	return result{
		Rate: rate, Achieved: float64(len(recorded)) / elapsed.Seconds(), Requests: len(recorded),
		Errors: errors, Dropped: dropped, P50Millis: pct(0.50), P99Millis: pct(0.99), P999Millis: pct(0.999),
		MaxMillis: pct(1.0),
	}
}

func fail(message string) {
	fmt.Fprintln(os.Stderr, "loadgen: "+message)
	os.Exit(2)
}
