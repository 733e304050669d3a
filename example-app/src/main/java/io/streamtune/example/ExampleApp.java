package io.streamtune.example;

import com.sun.net.httpserver.HttpServer;
import io.streamtune.client.Champion;
import io.streamtune.client.OnnxModel;
import io.streamtune.client.Prediction;
import io.streamtune.client.Predictor;
import io.streamtune.client.RegistryClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * An app that serves a Streamtune model with streamtune-client alone: {@code POST /classify} on the registry's
 * current champion, swapped in place on each promotion or rollback.
 *
 * <pre>
 * java -jar example-app/target/streamtune-example-app-*.jar --registry http://localhost:8084 --model spam --port 8090
 * java -jar example-app/target/streamtune-example-app-*.jar --registry http://localhost:8084 --model spam classify "some text"
 * </pre>
 */
@Command(name = "streamtune-example-app", mixinStandardHelpOptions = true, subcommands = ExampleApp.Classify.class,
        description = "Serves POST /classify from the registry's champion of a model, following its promotions.")
public final class ExampleApp implements Callable<Integer> {

    @Option(names = "--registry", required = true, description = "The registry's base URI, e.g. http://localhost:8084")
    URI registry;

    @Option(names = "--model", required = true, description = "The model's name in the registry, e.g. spam")
    String model;

    @Option(names = "--port", defaultValue = "8090", description = "HTTP port (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--cache-dir", description = "Download cache (default ~/.cache/streamtune)")
    Path cacheDir;

    @Option(names = "--wait", defaultValue = "300",
            description = "Seconds to wait for a first champion when there is none (default ${DEFAULT-VALUE})")
    long waitSeconds;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ExampleApp())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println(cmd.getCommandName() + ": " + e.getMessage());
                    return 1;
                })
                .execute(args));
    }

    RegistryClient registryClient() {
        RegistryClient.Builder b = RegistryClient.builder(registry);
        if (cacheDir != null) {
            b.cacheDir(cacheDir);
        }
        return b.build();
    }

    @Override
    public Integer call() throws Exception {
        try (RegistryClient client = registryClient();
                Predictor predictor = Predictor.follow(client, model, Duration.ofSeconds(waitSeconds))) {
            predictor.addSwapListener((from, to, at) -> System.out.printf("%s: now serving %s (was %s)%n", at, to,
                    from));
            HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
            server.createContext("/classify", new ClassifyApi(predictor::predict));
            server.setExecutor(Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors())));
            server.start();
            System.out.printf("serving %s on http://localhost:%d/classify%n", predictor.version().orElseThrow(),
                    server.getAddress().getPort());
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.stop(1);
                stop.countDown();
            }));
            stop.await();
        }
        return 0;
    }

    /** One text, the current champion, one line: {@code spam 0.97 (version 3)}. */
    @Command(name = "classify", mixinStandardHelpOptions = true,
            description = "Classifies one text with the current champion and prints: label probability (version n)")
    static final class Classify implements Callable<Integer> {

        @ParentCommand
        ExampleApp app;

        @Parameters(index = "0", description = "The text to classify")
        String text;

        @Override
        public Integer call() throws Exception {
            try (RegistryClient client = app.registryClient()) {
                Optional<Champion> champion = client.champion(app.model);
                if (champion.isEmpty()) {
                    System.err.println(app.model + " has no champion yet");
                    return 2;
                }
                OnnxModel model = client.download(app.model, champion.get().version()).load();
                try (Predictor predictor = Predictor.of(model)) {
                    Prediction p = predictor.predict(text);
                    System.out.println(p);
                }
            }
            return 0;
        }
    }
}
