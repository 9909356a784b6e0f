/** The director's Dropwizard metric registry, its Prometheus text encoding and its JMX view. */
package io.ipvsdirector.metrics;
