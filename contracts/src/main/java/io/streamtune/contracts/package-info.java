/** Event records, topic names, model spec and manifests: the language the Streamtune services speak. */
package io.streamtune.contracts;
