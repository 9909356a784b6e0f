package io.ipvsdirector.health;

import java.util.List;

/** Ends a process and everything it started. Blocking (it reads /proc): call it on a worker thread. */
final class ProcessTrees {
    private ProcessTrees() {
    }

    /**
     * Kills the descendants first, while they can still be found through their parent, then the
     * process; a second pass catches children forked during the first. The JDK reaps the process
     * itself; its orphans go to init (or the nearest subreaper), which reaps them.
     */
    static Void kill(Process process) {
        ProcessHandle root = process.toHandle();
        for (int pass = 0; pass < 2; pass++) {
            List<ProcessHandle> descendants = root.descendants().toList();
            descendants.forEach(ProcessHandle::destroyForcibly);
            if (descendants.isEmpty() && pass > 0) {
                break;
            }
        }
        root.destroyForcibly();
        return null;
    }
}
