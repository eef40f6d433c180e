package dev.palisade.cli;

import dev.palisade.engine.CatalogueException;
import dev.palisade.report.Tool;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code palisade}: one rule set, enforced in three places. The command line never starts Spring; only
 * {@code serve} does.
 */
@Command(name = "palisade",
        mixinStandardHelpOptions = true,
        versionProvider = PalisadeCommand.Version.class,
        description = "Kubernetes security guardrail: lint manifests, serve the admission webhook, enforce network policy on nodes.")
public final class PalisadeCommand implements Runnable {
    /** Exit code of usage errors, unreadable input, bad configuration and internal errors. */
    public static final int USAGE = 2;

    /** The commands, in the order --help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(LintCommand.class, AuditCommand.class, ChecksCommand.class,
            NetpolCommand.class, dev.palisade.rbac.RbacCommand.class, ServeCommand.class,
            CertsCommand.class, dev.palisade.enforcer.EnforceCommand.class, CommandLine.HelpCommand.class);

    final Invocation invocation;

    /** "palisade VERSION", the version being the build's (read at run time, so not an annotation constant). */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {Tool.NAME + " " + Tool.VERSION};
        }
    }

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
        commandsFor(args).forEach(commandLine::addSubcommand);
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
        } catch (NoClassDefFoundError e) {
            // serve and enforce started from the CLI's class path (target/palisade-cli.jar), which lacks their libraries
            err.println("palisade: " + String.join(" ", args) + ": a library is missing from the class path ("
                    + e.getMessage() + "); start serve and enforce with bin/palisade or java -jar target/palisade.jar");
            return USAGE;
        } finally {
            out.flush();
            err.flush();
            invocation.out().flush();
            invocation.err().flush();
        }
    }

    /**
     * The commands to model for these arguments: only the one named first, when it is one, else all of them. Picocli
     * reads a command's options by reflection when it is added, and a lint of one file need not pay for the options of
     * serve and enforce; what a command parses and prints is the same either way.
     */
    static List<Class<?>> commandsFor(String... args) {
        String first = args.length == 0 ? "" : args[0];
        List<Class<?>> named = COMMANDS.stream()
                .filter(c -> c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(first))
                .toList();
        return named.isEmpty() ? COMMANDS : named;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (lint, checks, serve, certs; see --help)");
    }
}
