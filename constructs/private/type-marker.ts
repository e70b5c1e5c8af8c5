/**
 * Type markers: a `Symbol.for` key set on an instance, so that a type
 * guard also recognizes instances made by another installed copy of this
 * library, where `instanceof` fails.
 */

/** Sets `marker` on `target` as a non-enumerable property. */
export function setMarker(target: object, marker: symbol): void {
  Object.defineProperty(target, marker, { value: true });
}

/** Returns true when `x` is an object that carries `marker`. */
export function hasMarker(x: unknown, marker: symbol): boolean {
  return (
    typeof x === "object" &&
    x !== null &&
    (x as Record<symbol, unknown>)[marker] === true
  );
}
