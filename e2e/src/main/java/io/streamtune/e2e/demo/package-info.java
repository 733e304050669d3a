/** {@code bin/demo}: the SpamAssassin corpus streamed through the four services on the local stack. */
package io.streamtune.e2e.demo;
