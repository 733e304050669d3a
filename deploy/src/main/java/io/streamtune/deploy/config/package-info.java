/** The configuration keys a service really reads, from its application.properties and its Java sources. */
package io.streamtune.deploy.config;
