package io.ipvsdirector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusTextTest {
    private static final JsonObject STATUS = new JsonObject("""
            {"node": {"name": "lb1", "role": "ACTIVE", "priority": 150, "epoch": 3, "reason": "elected among lb1(150), lb2(100)"},
             "cluster": {"name": "pair", "standalone": false, "members": [
               {"name": "lb1", "role": "ACTIVE", "priority": 150, "self": true},
               {"name": "lb2", "role": "STANDBY", "priority": 100, "self": false}]},
             "vips": [{"address": "192.0.2.10/32", "interface": "eth0", "held": true}],
             "virtual_servers": [{"name": "web", "service": "192.0.2.10:80/tcp", "scheduler": "wlc",
               "quorum": {"required": 1, "held": true, "live_weight": 10, "sorry_server_in": false},
               "real_servers": [
                 {"address": "10.0.1.11:8080", "configured": true, "state": "up", "verdict": "UP", "reason": "status 200",
                  "configured_weight": 10, "weight": 10, "kernel": {"active_connections": 12, "inactive_connections": 40}},
                 {"address": "10.0.1.12:8080", "configured": true, "state": "down", "verdict": "DOWN", "reason": "connect refused",
                  "configured_weight": 5, "weight": null, "kernel": null}]},
               {"name": "marked", "service": "fwmark 100/ipv4", "scheduler": "mh", "quorum": {"required": 0}, "real_servers": []}],
             "dry_run": false}
            """);

    @Test
    void aTableLikeIpvsadmWithVerdictsWeightsAndReasons() {
        assertEquals(List.of(
                "Node lb1: ACTIVE, priority 150, epoch 3 (elected among lb1(150), lb2(100))",
                "Cluster pair: lb1 ACTIVE 150 (this director), lb2 STANDBY 100",
                "VIP 192.0.2.10/32 on eth0: held",
                "Prot LocalAddress:Port Scheduler Quorum",
                "  -> RemoteAddress:Port           Weight(conf)  ActConn InActConn Verdict State     Reason",
                "TCP  192.0.2.10:80 wlc held (live 10, needs 1)  [web]",
                "  -> 10.0.1.11:8080               10(10)             12        40 UP      up        status 200",
                "  -> 10.0.1.12:8080               -(5)                -         - DOWN    down      connect refused",
                "FWM  100/ipv4 mh -  [marked]"), StatusText.lines(STATUS, false));
    }

    @Test
    void colourOnlyWhenAsked() {
        String line = StatusText.lines(STATUS, true).get(6);
        assertTrue(line.contains("\u001b[32mUP\u001b[0m      up"), line);
    }
}
