/** Promotion: the gates, the decision log, immutable versions and the champion pointer's moves. */
package io.streamtune.registry.promotion;
