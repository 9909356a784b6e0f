# ipvs-director %preun: an erase (not an upgrade) stops and disables the service. A graceful stop
# hands the VIPs over to the peer; the kernel's IPVS table is left as it is.
if [ "$1" -eq 0 ]; then
    if [ -d /run/systemd/system ]; then
        systemctl --no-reload disable --now ipvs-director.service >/dev/null 2>&1 || :
    else
        systemctl --no-reload disable ipvs-director.service >/dev/null 2>&1 || :
    fi
fi
exit 0
