package dev.palisade.rbac;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.palisade.source.KubeObject;
import dev.palisade.cli.Invocation;
import dev.palisade.source.ManifestLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code palisade rbac}: questions about the roles and bindings of a set of manifests. */
@Command(name = "rbac",
        description = "RBAC: who may do what, through which binding and rule, as the checks' matcher reads the input.",
        mixinStandardHelpOptions = true,
        subcommands = {RbacCommand.WhoCanCommand.class})
public final class RbacCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (who-can; see --help)");
    }

    @Command(name = "who-can",
            description = {"The subjects in the input that may do VERB on RESOURCE, with the binding and rule that grant it.",
                    "RESOURCE is resource[.group][/subresource] (secrets, pods/exec, deployments.apps/scale) or a non-resource URL (/metrics).",
                    "Exit codes: 0 answered (also when nobody may), 2 usage errors or unreadable input."},
            mixinStandardHelpOptions = true)
    static final class WhoCanCommand implements Callable<Integer> {

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "VERB", description = "get, list, create, update, patch, delete, escalate, impersonate, ...")
        String verb;

        @Parameters(index = "1", paramLabel = "RESOURCE", description = "resource[.group][/subresource], or /a/non-resource/url")
        String resource;

        @Parameters(index = "2..*", arity = "1..*", paramLabel = "PATH", description = "Files, folders, or - for stdin.")
        List<String> paths;

        @Option(names = {"-n", "--namespace"}, description = "Only ClusterRoleBindings and the RoleBindings of this namespace.")
        String namespace;

        @Option(names = {"-f", "--format"}, defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
        String format;

        @Override
        public Integer call() {
            if (!format.equals("text") && !format.equals("json")) {
                throw new IllegalArgumentException("unknown format \"" + format + "\": use text or json");
            }
            WhoCan.Question question = WhoCan.Question.parse(verb, resource, namespace);
            ManifestLoader.Result loaded = new ManifestLoader().load(paths, Invocation.of(spec).in(), p -> false);
            WhoCan.Result result = WhoCan.ask(RbacModel.of(loaded.objects()), question);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (format.equals("json")) {
                json(question, result, out);
            } else {
                text(question, result, out);
            }
            out.flush();
            loaded.errors().forEach(e -> err.println("error " + e));
            err.flush();
            return loaded.errors().isEmpty() ? 0 : 2;
        }

        private static void text(WhoCan.Question question, WhoCan.Result result, PrintWriter out) {
            if (result.answers().isEmpty()) {
                out.println("nobody in the input may " + question.describe());
            }
            for (WhoCan.Answer answer : result.answers()) {
                out.println(answer.subject() + ": " + answer.scope() + " through " + answer.binding().describe() + " -> "
                        + answer.role().kind() + " " + answer.role().name() + " " + ruleText(answer) + ": " + answer.grant().describe());
            }
            for (RoleBinding binding : result.unresolved()) {
                out.println("note: " + binding.describe() + " names " + binding.roleKind() + " " + binding.roleName()
                        + ", which is not in the input");
            }
        }

        private static String ruleText(WhoCan.Answer answer) {
            PolicyRule rule = answer.rule();
            String through = rule.role() == answer.role() ? "" : "(aggregated from " + rule.role().name() + ") ";
            return through + "rule " + rule.index() + " at " + location(rule);
        }

        private static String location(PolicyRule rule) {
            KubeObject role = rule.role();
            int line = role.lineOf(rule.path());
            return role.file() == null || role.file().isEmpty() ? rule.path() : role.file() + (line > 0 ? ":" + line : "");
        }

        private static void json(WhoCan.Question question, WhoCan.Result result, PrintWriter out) {
            JsonFactory factory = new JsonFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            try (JsonGenerator json = factory.createGenerator(out)) {
                json.useDefaultPrettyPrinter();
                json.writeStartObject();
                json.writeStringField("verb", question.verb());
                if (question.nonResourceUrl().isEmpty()) {
                    json.writeStringField("apiGroup", question.group());
                    json.writeStringField("resource", question.resource());
                } else {
                    json.writeStringField("nonResourceURL", question.nonResourceUrl());
                }
                if (question.namespace() != null) {
                    json.writeStringField("namespace", question.namespace());
                }
                json.writeArrayFieldStart("subjects");
                for (WhoCan.Answer answer : result.answers()) {
                    json.writeStartObject();
                    json.writeStringField("kind", answer.subject().kind());
                    json.writeStringField("name", answer.subject().name());
                    if (!answer.subject().namespace().isEmpty()) {
                        json.writeStringField("namespace", answer.subject().namespace());
                    }
                    json.writeStringField("scope", answer.binding().clusterWide() ? "cluster" : answer.binding().namespace());
                    object(json, "binding", answer.binding().object());
                    object(json, "role", answer.role());
                    PolicyRule rule = answer.rule();
                    json.writeObjectFieldStart("rule");
                    json.writeStringField("role", rule.role().name());
                    json.writeNumberField("index", rule.index());
                    json.writeStringField("file", rule.role().file() == null ? "" : rule.role().file());
                    json.writeNumberField("line", rule.role().lineOf(rule.path()));
                    json.writeStringField("grants", answer.grant().describe());
                    json.writeArrayFieldStart("resourceNames");
                    for (String name : rule.resourceNames()) {
                        json.writeString(name);
                    }
                    json.writeEndArray();
                    json.writeEndObject();
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeArrayFieldStart("unresolvedBindings");
                for (RoleBinding binding : result.unresolved()) {
                    object(json, null, binding.object());
                }
                json.writeEndArray();
                json.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.println();
        }

        private static void object(JsonGenerator json, String field, KubeObject object) throws IOException {
            if (field == null) {
                json.writeStartObject();
            } else {
                json.writeObjectFieldStart(field);
            }
            json.writeStringField("kind", object.kind());
            json.writeStringField("name", object.name());
            if (!object.namespace().isEmpty()) {
                json.writeStringField("namespace", object.namespace());
            }
            json.writeEndObject();
        }
    }
}
