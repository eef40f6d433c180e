package dev.palisade.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.config.PalisadeConfig;
import dev.palisade.engine.Catalogue;
import dev.palisade.engine.Check;
import dev.palisade.engine.CheckDefinition;
import dev.palisade.engine.CheckTemplate;
import dev.palisade.engine.Profiles;
import dev.palisade.engine.TemplateRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "checks", description = "Show the check catalogue.", mixinStandardHelpOptions = true,
        subcommands = {ChecksCommand.ListChecks.class, ChecksCommand.Templates.class})
final class ChecksCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ListChecks list = new ListChecks();
        list.spec = spec;
        return list.call();
    }

    @Command(name = "list", description = "List every check: id, category, severity, profiles, enabled, description.", mixinStandardHelpOptions = true)
    static final class ListChecks implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"-f", "--format"}, defaultValue = "text", description = "text or json.")
        String format = "text";

        @Option(names = "--profile", description = "Only the checks of this profile: all, baseline, restricted.")
        String profile;

        @Option(names = {"-c", "--config"}, description = "Configuration file (overrides and custom checks are shown).")
        Path config;

        @Override
        public Integer call() {
            Invocation invocation = Invocation.of(spec);
            PrintStream out = invocation.out();
            Catalogue catalogue = Catalogue.load(PalisadeConfig.load(config, invocation.workingDirectory()));
            List<Check> checks = profile == null ? catalogue.all() : catalogue.selected(Profiles.parse(profile));
            if (format.equals("json")) {
                ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                ObjectNode root = mapper.createObjectNode();
                ArrayNode list = root.putArray("checks");
                for (Check check : checks) {
                    CheckDefinition d = check.definition();
                    ObjectNode node = list.addObject();
                    node.put("id", d.id());
                    node.put("category", d.category());
                    node.put("severity", d.severity().label());
                    ArrayNode profiles = node.putArray("profiles");
                    d.profiles().forEach(profiles::add);
                    node.put("enabled", d.enabled());
                    node.put("description", d.description());
                    node.put("remediation", d.remediation());
                    node.put("docs", d.docs());
                    node.put("template", d.template());
                    node.set("params", d.params() == null ? mapper.createObjectNode() : d.params());
                }
                try {
                    out.println(mapper.writeValueAsString(root));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            } else if (format.equals("text")) {
                out.printf("%-44s %-15s %-9s %-20s %s%n", "CHECK", "CATEGORY", "SEVERITY", "PROFILES", "DESCRIPTION");
                for (Check check : checks) {
                    CheckDefinition d = check.definition();
                    out.printf("%-44s %-15s %-9s %-20s %s%s%n", d.id(), d.category(), d.severity().label(),
                            d.profiles().isEmpty() ? "-" : String.join(",", d.profiles()),
                            d.enabled() ? "" : "(disabled) ", firstSentence(d.description()));
                }
                out.println(checks.size() + " checks");
            } else {
                throw new IllegalArgumentException("unknown format \"" + format + "\": expected text or json");
            }
            return 0;
        }

        private static String firstSentence(String text) {
            int end = text.indexOf(". ");
            return (end < 0 ? text : text.substring(0, end + 1)).replace('\n', ' ').strip();
        }
    }

    @Command(name = "templates", description = "List the templates a custom check can reuse.", mixinStandardHelpOptions = true)
    static final class Templates implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintStream out = Invocation.of(spec).out();
            for (CheckTemplate template : TemplateRegistry.load().all()) {
                out.printf("%-36s %s%n", template.name(), template.description());
            }
            return 0;
        }
    }
}
