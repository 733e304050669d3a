/** The registry: model definitions, promotion gates, immutable versions, the champion pointer and its API. */
package io.streamtune.registry;
