package io.ipvsdirector.cli;

import io.ipvsdirector.kernel.ipvs.IpvsClient;
import io.ipvsdirector.kernel.netlink.NetlinkException;
import io.ipvsdirector.reconcile.ReconcileException;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the commands that reach the kernel share: open the IPVS client, run, close, and turn every
 * failure into one line on stderr and exit status 1 (never a stack trace).
 */
final class KernelCommand {
    static final int EXIT_KERNEL = 1;

    /** The body of a kernel command. */
    @FunctionalInterface
    interface Body {
        int run(IpvsClient client) throws Exception;
    }

    private KernelCommand() {
    }

    static int run(CommandSpec spec, Body body) {
        PrintWriter err = spec.commandLine().getErr();
        try (IpvsClient client = IpvsClient.open()) {
            return body.run(client);
        } catch (NetlinkException | ReconcileException e) {
            err.println(e.getMessage());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            err.println(e.toString());
        } catch (LinkageError e) {
            // jnr-ffi could not load its native stub (for instance a noexec java.io.tmpdir).
            err.println("cannot load the native netlink binding: " + e.getMessage());
        }
        err.flush();
        return EXIT_KERNEL;
    }
}
