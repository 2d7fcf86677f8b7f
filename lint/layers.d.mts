// Types of lint/layers.mjs for the test that drives it (test/lint/layers.test.ts).
export interface Layer {
  folders: string[];
  packages: string[];
  node: boolean;
}
export declare const LAYERS: Record<string, Layer>;
export declare const TOOLS: string[];
export declare function unplacedDependencies(pkg: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> }): string[];
export declare const layersPlugin: unknown;
