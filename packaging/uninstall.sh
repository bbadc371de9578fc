#!/bin/sh
# Remove what install.sh placed: the app, the launcher, the menu entry, the icons,
# and the login autostart entry if Settings made one.
#   ./uninstall.sh           keeps your index, models, logs and settings
#   ./uninstall.sh --purge   removes those too ($XDG_DATA_HOME/kenning, $XDG_CONFIG_HOME/kenning)
set -eu

purge=no
case "${1:-}" in
    "") ;;
    --purge) purge=yes ;;
    *) echo "usage: uninstall.sh [--purge]" >&2; exit 2 ;;
esac

data_home=${XDG_DATA_HOME:-$HOME/.local/share}
config_home=${XDG_CONFIG_HOME:-$HOME/.config}
app_dir=$data_home/kenning/app
launcher=$HOME/.local/bin/kenning

# Running from inside the app folder is fine: the shell has read the script already.
if [ -e "$app_dir/kenning" ]; then
    "$app_dir/kenning" --quit >/dev/null 2>&1 || true
fi

case "$(readlink "$launcher" 2>/dev/null || true)" in
    "$app_dir"/*) rm -f "$launcher" ;;
esac
rm -rf "$app_dir"
rm -f "$data_home/applications/kenning.desktop" \
    "$data_home/icons/hicolor/scalable/apps/kenning.svg" \
    "$data_home/icons/hicolor/256x256/apps/kenning.png" \
    "$config_home/autostart/kenning.desktop"

if [ "$purge" = yes ]; then
    rm -rf "$data_home/kenning" "$config_home/kenning"
    echo "Kenning removed, with its index, models, logs and settings."
else
    rmdir "$data_home/kenning" 2>/dev/null || true
    echo "Kenning removed. Your index and settings are kept" \
        "($data_home/kenning, $config_home/kenning): uninstall.sh --purge removes them."
fi
