package io.streamtune.localstack;

import kafka.Kafka;
import kafka.tools.StorageTool;

/**
 * Main class of the broker JVM: {@code KafkaMain <server.properties> [<clusterId>]} formats the storage for a new
 * single-node cluster when given an id, then runs the broker. Formatting in the same JVM saves a JVM start.
 */
public final class KafkaMain {

    private KafkaMain() {
    }

    public static void main(String[] args) {
        if (args.length == 2) {
            int code = StorageTool.execute(new String[] {"format", "-t", args[1], "-c", args[0], "--standalone"}, System.out);
            if (code != 0) {
                System.exit(code);
            }
        }
        Kafka.main(new String[] {args[0]});
    }
}
