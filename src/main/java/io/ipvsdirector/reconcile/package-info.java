/**
 * Policy and mechanism of the IPVS table: the desired table from configuration and verdicts, and the minimal ordered operations that make the kernel's equal to it. Pure Java.
 */
package io.ipvsdirector.reconcile;
