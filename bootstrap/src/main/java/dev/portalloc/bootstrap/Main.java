package dev.portalloc.bootstrap;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar portalloc.jar <command>}: the process entry point. */
@Command(name = "portalloc", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Assigns unique host ports to containers, from per-host pools.",
        subcommands = {ServeCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Always exit explicitly: once serve has stopped, no thread some library left behind may keep
        // the process alive, and the status is the command's.
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required, e.g. 'serve'");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"portalloc " + (version == null ? "(development build)" : version)};
        }
    }
}
