# ipvs-director %pre: the system user and group, before the files that belong to them arrive.
getent group ipvs-director >/dev/null || groupadd -r ipvs-director
getent passwd ipvs-director >/dev/null || \
    useradd -r -g ipvs-director -d /var/lib/ipvs-director -M -s /sbin/nologin -c "IPVS director" ipvs-director
exit 0
