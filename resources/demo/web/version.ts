export interface Version {
  major: number;
  minor: number;
  patch: number;
}

export function parseVersion(text: string): Version {
  const [major, minor, patch] = text.split(".").map((p) => parseInt(p, 10) || 0);
  return { major, minor: minor ?? 0, patch: patch ?? 0 };
}

export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  return x.major - y.major || x.minor - y.minor || x.patch - y.patch;
}
