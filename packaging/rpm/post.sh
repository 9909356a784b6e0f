# ipvs-director %post. As %systemd_post does: a new installation follows the distribution's
# presets (disabled unless a preset enables it). systemctl calls are guarded: in a chroot or an
# image build, systemd is not running.
if [ "$1" -eq 1 ]; then
    systemctl --no-reload preset ipvs-director.service >/dev/null 2>&1 || :
fi
if [ -d /run/systemd/system ]; then
    # The unprivileged daemon cannot load ip_vs; modules-load.d does at boot, this does now.
    modprobe -q ip_vs >/dev/null 2>&1 || :
    # Its sysctls (the service may not write /proc/sys), as systemd-sysctl sets them at boot.
    systemctl restart systemd-sysctl.service >/dev/null 2>&1 || :
    systemctl daemon-reload >/dev/null 2>&1 || :
fi
exit 0
