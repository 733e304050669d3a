package io.streamtune.localstack;

import java.nio.file.Path;
import java.util.Set;

/** The CLI's arguments, checked: a command and four options, each {@code --name value} or {@code --name=value}. */
record CliOptions(String command, Path dir, int kafkaPort, int kafkaControllerPort, int s3Port, boolean help) {

    private static final Set<String> COMMANDS = Set.of("start", "stop", "status");

    static CliOptions parse(String... args) {
        String command = null;
        Path dir = Path.of(".local-stack");
        int kafkaPort = 9092;
        int kafkaControllerPort = 9093;
        int s3Port = 9000;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                return new CliOptions("help", dir, kafkaPort, kafkaControllerPort, s3Port, true);
            }
            if (!arg.startsWith("--")) {
                if (command != null || !COMMANDS.contains(arg)) {
                    throw new IllegalArgumentException("Unexpected argument '" + arg + "': give one of start, stop, status.");
                }
                command = arg;
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(name + " needs a value.");
            }
            switch (name) {
                case "--dir" -> dir = Path.of(value);
                case "--kafka-port" -> kafkaPort = port(name, value);
                case "--kafka-controller-port" -> kafkaControllerPort = port(name, value);
                case "--s3-port" -> s3Port = port(name, value);
                default -> throw new IllegalArgumentException("Unknown option " + name + ".");
            }
        }
        if (command == null) {
            throw new IllegalArgumentException("Give a command: start, stop or status.");
        }
        return new CliOptions(command, dir, kafkaPort, kafkaControllerPort, s3Port, false);
    }

    private static int port(String name, String value) {
        try {
            return Ports.checkPort(name, Integer.parseInt(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number between 1 and 65535, was '" + value + "'.");
        }
    }
}
