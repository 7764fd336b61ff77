#!/usr/bin/env bash
# The Debian packages npm test needs beyond Node.js, Java and PostgreSQL (docs/operations.md):
# `prometheus` for promtool (the alert rules' checks) and the Prometheus server (the alert test
# against the running services), and kubectl with kustomize (the Kubernetes manifests' rendering;
# machines of this kind have it, else Debian's kubernetes-client). Installs only what is missing; CI
# runs it before npm test.
set -euo pipefail

missing=()
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
if [ "${#missing[@]}" -eq 0 ]; then
  echo "[tools] prometheus $(promtool --version 2>&1 | head -n 1 | awk '{print $3}'), $(kubectl version --client 2>/dev/null | grep -i kustomize) present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
install() { DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"; }
echo "[tools] installing ${missing[*]} from Debian's packages"
# A fresh machine may have no package lists yet: fetch them once, only when needed.
install >/dev/null || { $sudo apt-get update -qq && install >/dev/null; }
echo "[tools] $(promtool --version 2>&1 | head -n 1); $(kubectl version --client 2>&1 | tr '\n' ' ')"
