/**
 * The admin HTTP API (status, metrics, reload, drain, failover), the metrics registry and JMX.
 */
package io.ipvsdirector.admin;
