package io.streamtune.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamtune.deploy.Findings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KustomizationTest {

    @TempDir
    Path root;

    @Test
    void currentFieldsAndExistingReferencesPass() throws IOException {
        base();
        write("overlay/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [../base]
                images:
                  - {name: streamtune/demo-service, newTag: "2"}
                patches:
                  - path: patch.yaml
                """);
        write("overlay/patch.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings}
                data: {A: b}
                """);
        Findings f = new Findings();
        Kustomization k = Kustomization.read(root.resolve("overlay"), root, f);

        assertThat(f.problems()).isEmpty();
        assertThat(k.resources()).extracting(Manifest::name).containsExactly("settings", "demo-service");
        assertThat(k.patches()).extracting(Manifest::name).containsExactly("settings");
    }

    @Test
    void deprecatedFieldsMissingFilesAndStrayPatchesFail() throws IOException {
        base();
        write("overlay/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                commonLabels: {a: b}
                resources: [../base, missing.yaml]
                patches:
                  - path: patch.yaml
                  - path: nowhere.yaml
                images:
                  - {name: streamtune/other, newTag: "2"}
                """);
        write("overlay/patch.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: not-in-base}
                """);
        Findings f = new Findings();
        Kustomization.read(root.resolve("overlay"), root, f);

        assertThat(String.join("\n", f.problems()))
                .contains("deprecated field commonLabels; use labels")
                .contains("resource missing.yaml does not exist")
                .contains("patch patch.yaml targets ConfigMap not-in-base")
                .contains("patch nowhere.yaml does not exist")
                .contains("images entry streamtune/other matches no container image");
    }

    @Test
    void aComponentPatchesTheObjectsOfTheOverlayThatListsIt() throws IOException {
        base();
        write("component/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1alpha1
                kind: Component
                images:
                  - {name: streamtune/demo-service, newName: streamtune/demo-service-gpu}
                patches:
                  - path: patch.yaml
                """);
        write("component/patch.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings}
                data: {A: b}
                """);
        write("overlay/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [../base]
                components: [../component]
                """);
        Findings f = new Findings();
        Kustomization.read(root.resolve("overlay"), root, f);

        assertThat(f.problems()).isEmpty();
    }

    @Test
    void aKustomizationListedAsAComponentOrAMissingComponentFails() throws IOException {
        base();
        write("overlay/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                components: [../base, ../nowhere]
                """);
        Findings f = new Findings();
        Kustomization.read(root.resolve("overlay"), root, f);

        assertThat(String.join("\n", f.problems()))
                .contains("base/kustomization.yaml: is listed under components, so it must be kind Component")
                .contains("component ../nowhere does not exist");
    }

    private void base() throws IOException {
        write("base/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [all.yaml]
                """);
        write("base/all.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: demo-service}
                spec:
                  selector: {matchLabels: {app: d}}
                  template:
                    metadata: {labels: {app: d}}
                    spec:
                      containers: [{name: demo-service, image: "streamtune/demo-service:1"}]
                """);
    }

    private void write(String rel, String text) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
