package dev.palisade.cli;

import dev.palisade.engine.CatalogueException;
import dev.palisade.report.Tool;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code palisade}: one rule set, enforced in three places. The command line never starts Spring; only
 * {@code serve} does.
 */
@Command(name = "palisade",
        mixinStandardHelpOptions = true,
        version = Tool.NAME + " " + Tool.VERSION,
        description = "Kubernetes security guardrail: lint manifests, serve the admission webhook, enforce network policy on nodes.",
        subcommands = {LintCommand.class, ChecksCommand.class, NetpolCommand.class,
                dev.palisade.rbac.RbacCommand.class, ServeCommand.class,
                CertsCommand.class, dev.palisade.enforcer.EnforceCommand.class, CommandLine.HelpCommand.class})
public final class PalisadeCommand implements Runnable {
    /** Exit code of usage errors, unreadable input, bad configuration and internal errors. */
    public static final int USAGE = 2;

    final Invocation invocation;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private PalisadeCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    public static void main(String[] args) {
        System.exit(run(Invocation.ofProcess(), args));
    }

    /** {@link #run(Invocation, String...)} on the current {@code System.in/out/err} and working directory. */
    public static int run(String... args) {
        return run(new Invocation(System.in, System.out, System.err, java.nio.file.Path.of("").toAbsolutePath(),
                Terminal.colour()), args);
    }

    /**
     * Runs the command line and returns the exit code: 0 clean, 1 findings at or above the threshold, 2 usage,
     * configuration or input errors. Nothing but a one-line message reaches stderr on an error: no stack trace.
     */
    public static int run(Invocation invocation, String... args) {
        PrintWriter out = new PrintWriter(invocation.out(), true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(invocation.err(), true, StandardCharsets.UTF_8);
        CommandLine commandLine = new CommandLine(new PalisadeCommand(invocation));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
            if (e instanceof CatalogueException || e instanceof IllegalArgumentException
                    || e instanceof dev.palisade.enforcer.EnforcerException) {
                cl.getErr().println("palisade: " + e.getMessage());
            } else {
                cl.getErr().println("palisade: internal error: " + e);
            }
            return USAGE;
        });
        try {
            return commandLine.execute(args);
        } finally {
            out.flush();
            err.flush();
            invocation.out().flush();
            invocation.err().flush();
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (lint, checks, serve, certs; see --help)");
    }
}
