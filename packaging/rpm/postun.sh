# ipvs-director %postun: reload systemd; after an upgrade, restart a running service on the new
# version. The account stays, as RPM packages leave system users; the kernel's IPVS table and
# addresses are never touched.
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload >/dev/null 2>&1 || :
    if [ "$1" -ge 1 ]; then
        systemctl try-restart ipvs-director.service >/dev/null 2>&1 || :
    fi
fi
exit 0
