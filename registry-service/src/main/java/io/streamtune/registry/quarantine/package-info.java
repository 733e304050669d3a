/** Per-source health: quarantining feedback sources whose labels the champion disagrees with far more than others'. */
package io.streamtune.registry.quarantine;
