package dev.landfall.cli;

import dev.landfall.Landfall;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code landfall} command. Exit codes: 0 success, 1 failure (one line on stderr,
 * {@code landfall: <message>}; the stack trace too with {@code --debug}), 2 usage error.
 *
 * <pre>{@code
 * landfall quickstart
 * landfall train examples/sentiment.yaml -o sentiment.landfall
 * landfall predict sentiment.landfall new-sentences.json
 * }</pre>
 */
@Command(name = "landfall", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Deep learning on the JVM: train, evaluate and use models from YAML pipeline files.",
        subcommands = {QuickstartCommand.class, TrainCommand.class, DistillCommand.class, EvaluateCommand.class, ReportCommand.class, PredictCommand.class,
                SummaryCommand.class, PrivacyCommand.class, AuditCommand.class, SignCommand.class, VerifyCommand.class,
                DatasetsCommand.class, ServeCommand.class, BenchCommand.class, Main.VersionCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
    /** The logger the kernel registry reports its choice on; kept so its level is not garbage collected. */
    private static final Logger KERNEL_LOG = Logger.getLogger("dev.landfall.kernels");
    /** The system property the launcher sets to the repository root (where {@code examples/} is). */
    static final String HOME_PROPERTY = "landfall.home";

    @Spec
    CommandSpec spec;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces with errors (and what --verbose prints).")
    boolean debug;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Also log which kernels run (fast or reference, and why).")
    boolean verbose;

    PrintStream out;
    PrintStream err;

    public static void main(String[] args) {
        // Log records (the kernel choice, once) as one line instead of java.util.logging's two.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s: %5$s%6$s%n");
        }
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /**
     * Runs the command line in this process (what tests call).
     *
     * @return the exit code: 0 success, 1 failure, 2 usage error
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Main main = new Main();
        main.out = out;
        main.err = err;
        boolean debug = Arrays.asList(args).contains("--debug");
        // the kernel choice is logged at INFO only when asked; a fallback to the slow kernels still warns
        KERNEL_LOG.setLevel(debug || Arrays.asList(args).contains("--verbose") ? Level.INFO : Level.WARNING);
        CommandLine cl = new CommandLine(main);
        cl.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("landfall: " + oneLine(ex.getMessage()) + " (see '" + ex.getCommandLine().getCommandSpec()
                    .qualifiedName() + " --help')");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            err.println("landfall: " + message(ex));
            if (debug) {
                ex.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing a command: " + String.join(", ",
                spec.subcommands().keySet()));
    }

    /** The message for a failure: the user's problem as it is, anything else with its type. */
    static String message(Throwable ex) {
        if (ex instanceof CliException || ex instanceof dev.landfall.nn.io.ModelFileException
                || ex instanceof dev.landfall.data.DataFormatException
                || ex instanceof dev.landfall.pipeline.PipelineException
                || ex instanceof dev.landfall.data.catalog.DatasetNotFoundException) {
            return oneLine(ex.getMessage());
        }
        if (ex instanceof java.io.UncheckedIOException || ex instanceof IllegalArgumentException
                || ex instanceof IllegalStateException) {
            return oneLine(ex.getMessage()) + (ex.getMessage() == null ? ex.getClass().getSimpleName() : "");
        }
        return "internal error: " + ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": "
                + oneLine(ex.getMessage())) + " (run with --debug for the stack trace)";
    }

    static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /**
     * The repository root: the launcher's {@value #HOME_PROPERTY}, else the nearest folder at or above
     * the current one that holds {@code examples/quickstart.yaml}; null when there is none.
     */
    static Path home() {
        String p = System.getProperty(HOME_PROPERTY);
        if (p != null && Files.isDirectory(Path.of(p, "examples"))) {
            return Path.of(p);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("examples/quickstart.yaml"))) {
                return d;
            }
        }
        return null;
    }

    /** {@code landfall version}: the same line as {@code --version}. */
    @Command(name = "version", description = "Print Landfall's version, the Java version and the kernels in use.")
    static final class VersionCommand implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        Main main;

        @Override
        public Integer call() {
            for (String line : new Version().getVersion()) {
                main.out.println(line);
            }
            return 0;
        }
    }

    /** Version line: Landfall's version, the JVM and the kernels in use. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"landfall " + Landfall.VERSION + " (Java " + Runtime.version() + "; "
                    + Landfall.kernels() + ")"};
        }
    }
}
