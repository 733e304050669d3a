package io.streamtune.deploy;

import io.streamtune.deploy.config.ServiceConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the deployment files must agree with, read from the repository: the parent pom (version, pinned images,
 * PyTorch version) and every {@code *-service} module's configuration.
 *
 * @param root the repository root
 * @param version the project version, which is every Streamtune image's tag
 * @param minioImage the parent pom's {@code minio.image}
 * @param pytorchVersion the parent pom's {@code pytorch.native.version}: the libtorch a GPU image must bring
 * @param services the service modules by name, in the parent pom's order
 */
public record Project(Path root, String version, String minioImage, String pytorchVersion,
        Map<String, ServiceConfig> services) {

    /** Every Streamtune image is {@code streamtune/<service>[-gpu]:<version>}. */
    public static final String IMAGE_PREFIX = "streamtune/";
    public static final String GPU_SUFFIX = "-gpu";

    public static Project load(Path root) {
        Path dir = root.toAbsolutePath().normalize();
        PomFile pom = PomFile.read(dir.resolve("pom.xml"));
        Map<String, ServiceConfig> services = new LinkedHashMap<>();
        for (String module : pom.modules()) {
            if (module.endsWith("-service")) {
                services.put(module, ServiceConfig.load(module, dir.resolve(module)));
            }
        }
        return new Project(dir,
                pom.version().orElseThrow(() -> new IllegalArgumentException(dir + "/pom.xml has no <version>.")),
                pom.property("minio.image").orElse(null), pom.property("pytorch.native.version").orElse(null),
                services);
    }

    /** The service an image belongs to, by its repository name {@code streamtune/<service>[-gpu]}. */
    public Optional<ServiceConfig> serviceOfImage(String image) {
        String repo = Images.repository(image);
        if (!repo.startsWith(IMAGE_PREFIX)) {
            return Optional.empty();
        }
        String name = repo.substring(IMAGE_PREFIX.length());
        if (name.endsWith(GPU_SUFFIX)) {
            name = name.substring(0, name.length() - GPU_SUFFIX.length());
        }
        return Optional.ofNullable(services.get(name));
    }

    public Path module(String service) {
        return root.resolve(service);
    }
}
