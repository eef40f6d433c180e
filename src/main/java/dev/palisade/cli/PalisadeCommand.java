package dev.palisade.cli;

import dev.palisade.engine.CatalogueException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code palisade}: one rule set, enforced in three places. The command line never starts Spring; only
 * {@code serve} does.
 */
@Command(name = "palisade",
        mixinStandardHelpOptions = true,
        version = "palisade 0.1.0",
        description = "Kubernetes security guardrail: lint manifests, serve the admission webhook, enforce network policy on nodes.",
        subcommands = {LintCommand.class, ChecksCommand.class, dev.palisade.enforcer.EnforceCommand.class, CommandLine.HelpCommand.class})
public final class PalisadeCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code: 0 clean, 1 findings at or above the threshold, 2 usage or input errors. */
    public static int run(String... args) {
        CommandLine commandLine = new CommandLine(new PalisadeCommand());
        commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
            if (e instanceof CatalogueException || e instanceof IllegalArgumentException
                    || e instanceof dev.palisade.enforcer.EnforcerException) {
                cl.getErr().println("palisade: " + e.getMessage());
            } else {
                cl.getErr().println("palisade: internal error: " + e);
            }
            return 2;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (lint, checks; see --help)");
    }
}
