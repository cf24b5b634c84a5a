#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Check that the documents say what the code does.

- the man page's SYNOPSIS has the same words as the tool's usage text;
- the YAML spec lists every UAPI attribute and command, in the UAPI's
  order (so the values the spec implies are the header's values);
- the tool names every counter the spec defines;
- the man page, dkms.conf and the tool agree on the version.
"""
import re
import subprocess
import sys

import yaml

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def words(text):
    text = re.sub(r'\\f[A-Z]|\\-', lambda m: '-' if m.group() == '\\-' else ' ', text)
    text = re.sub(r'^\.[A-Za-z]+', ' ', text, flags=re.M)
    return set(re.findall(r'-?[A-Za-z][A-Za-z0-9]*', text))


usage = subprocess.run(['tools/6bed4', 'help'], capture_output=True,
                       text=True, check=True).stdout
man = open('Documentation/6bed4.8').read()
synopsis = man.split('.SH SYNOPSIS')[1].split('.SH ')[0]
usage_words = words(usage.split('Options:')[0]) - {'Usage'}
check(usage_words == words(synopsis),
      f'man SYNOPSIS and usage differ: {sorted(usage_words ^ words(synopsis))}')

header = open('include/uapi/linux/6bed4.h').read()


def uapi_enum(prefix):
    names = re.findall(r'^\s*' + prefix + r'([A-Z0-9_]+)\s*[,=]', header, re.M)
    return [n.lower().replace('_', '-') for n in names
            if n not in ('UNSPEC', 'MAX')]


spec = yaml.safe_load(open('Documentation/netlink/specs/6bed4.yaml'))
sets = {s['name']: [a['name'] for a in s['attributes']]
        for s in spec['attribute-sets']}
for name, prefix in (('dev', 'SIXBED4_A_DEV_'), ('route', 'SIXBED4_A_ROUTE_'),
                     ('stats', 'SIXBED4_A_STATS_')):
    check(sets.get(name) == uapi_enum(prefix),
          f'spec set {name} {sets.get(name)} != UAPI {uapi_enum(prefix)}')
ops = [o['name'] for o in spec['operations']['list']]
check(ops == uapi_enum('SIXBED4_CMD_'),
      f'spec operations {ops} != UAPI {uapi_enum("SIXBED4_CMD_")}')

tool = open('tools/device.c').read()
for stat in sets['stats']:
    if stat != 'pad':
        check(f'"{stat.replace("-", "_")}"' in tool,
              f'the tool has no name for counter {stat}')

# ethtool -S names the datapath counters as the tool does; the device's
# own (packets, bytes, drops) are in ip -s link instead.
ethtool = open('kmod/ethtool.c').read()
own = {'rx-packets', 'rx-bytes', 'tx-packets', 'tx-bytes', 'rx-dropped',
       'tx-dropped', 'pad'}
for stat in sets['stats']:
    if stat not in own:
        check(f'"{stat.replace("-", "_")}"' in ethtool,
              f'ethtool has no name for counter {stat}')

version = re.search(r'PACKAGE_VERSION="([^"]+)"', open('dkms.conf').read())[1]
check(f'"6bed4 {version}"' in man, f'man page is not for version {version}')
tool_version = subprocess.run(['tools/6bed4', '-V'], capture_output=True,
                              text=True, check=True).stdout.splitlines()[0]
check(tool_version == f'6bed4 {version}', f'tool says "{tool_version}"')

for f in failures:
    print(f'check-docs: {f}')
sys.exit(1 if failures else 0)
