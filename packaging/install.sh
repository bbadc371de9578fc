#!/bin/sh
# Install Kenning for this user (no root needed). Run it from the unpacked archive:
#   ./install.sh
# Places:
#   the app             $XDG_DATA_HOME/kenning/app           (default ~/.local/share)
#   the launcher        ~/.local/bin/kenning                  (a link to the app)
#   the menu entry      $XDG_DATA_HOME/applications/kenning.desktop (with Quick Search)
#   the icon            $XDG_DATA_HOME/icons/hicolor/{scalable,256x256}/apps/kenning.*
# ./uninstall.sh (also kept in the app folder) removes all of it.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
data_home=${XDG_DATA_HOME:-$HOME/.local/share}
app_dir=$data_home/kenning/app
bin_dir=$HOME/.local/bin
launcher=$bin_dir/kenning
desktop_dir=$data_home/applications
icon_dir=$data_home/icons/hicolor

if [ ! -x "$here/app/kenning" ]; then
    echo "install.sh: run me from the unpacked Kenning archive ($here/app/kenning is missing)" >&2
    exit 1
fi
if [ -e "$launcher" ] && [ ! -L "$launcher" ]; then
    echo "install.sh: $launcher exists and is not Kenning's link: move it away first" >&2
    exit 1
fi

# The app: replaced as a whole, so an update leaves no stale file behind.
mkdir -p "$data_home/kenning"
rm -rf "$app_dir.new"
cp -R "$here/app" "$app_dir.new"
cp "$here/uninstall.sh" "$here/VERSION" "$app_dir.new/"
rm -rf "$app_dir"
mv "$app_dir.new" "$app_dir"

mkdir -p "$bin_dir"
ln -sfn "$app_dir/kenning" "$launcher"

# The menu entry runs the launcher by its full path: ~/.local/bin may not be on
# the PATH the desktop session starts programs with.
mkdir -p "$desktop_dir"
sed -e "s|^Exec=kenning |Exec=$launcher |" -e "/^\[Desktop Entry\]/a TryExec=$launcher" \
    "$here/share/applications/kenning.desktop" >"$desktop_dir/kenning.desktop"

mkdir -p "$icon_dir/scalable/apps" "$icon_dir/256x256/apps"
cp "$here/share/icons/kenning.svg" "$icon_dir/scalable/apps/kenning.svg"
cp "$here/share/icons/kenning.png" "$icon_dir/256x256/apps/kenning.png"

echo "Kenning $(cat "$here/VERSION") installed in $app_dir"
case ":$PATH:" in
    *":$bin_dir:"*) echo "Run: kenning" ;;
    *) echo "Run: $launcher   ($bin_dir is not on your PATH)" ;;
esac
