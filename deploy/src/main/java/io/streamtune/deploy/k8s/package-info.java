/** Kubernetes manifests: strict parsing, kustomize rendering or reference checks, and the workload checks. */
package io.streamtune.deploy.k8s;
