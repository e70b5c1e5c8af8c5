/**
 * XML documents of the AWS query protocol: `<Operation>Response` with a
 * `<Operation>Result` and `ResponseMetadata`, and `ErrorResponse`.
 */
import type { AwsServiceError } from "./aws-error";

/**
 * A value to render as XML: an object becomes child elements in key order,
 * an array becomes `<member>` elements, a Date becomes ISO 8601 text, and
 * `undefined` is left out.
 */
export type XmlValue =
  | string
  | number
  | boolean
  | Date
  | undefined
  | readonly XmlValue[]
  | { readonly [name: string]: XmlValue };

/** Escapes text for an XML element body. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** Renders one element and its content. */
export function toXml(name: string, value: XmlValue): string {
  if (value === undefined) {
    return "";
  }

  return `<${name}>${renderContent(value)}</${name}>`;
}

/** Renders the success document of a query-protocol operation. */
export function queryResponse(
  operation: string,
  namespace: string,
  result: XmlValue,
  requestId: string,
): string {
  const body =
    toXml(`${operation}Result`, result) +
    toXml("ResponseMetadata", { RequestId: requestId });
  return `<${operation}Response xmlns="${namespace}">${body}</${operation}Response>`;
}

/** Renders the error document of a query-protocol operation. */
export function queryErrorResponse(
  error: AwsServiceError,
  namespace: string,
  requestId: string,
): string {
  const detail = toXml("Error", {
    Type: error.type,
    Code: error.code,
    Message: error.message,
  });
  return `<ErrorResponse xmlns="${namespace}">${detail}${toXml("RequestId", requestId)}</ErrorResponse>`;
}

function renderContent(value: Exclude<XmlValue, undefined>): string {
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (Array.isArray(value)) {
    return value.map((item: XmlValue) => toXml("member", item)).join("");
  }
  if (typeof value === "object") {
    return Object.entries(value)
      .map(([name, child]) => toXml(name, child as XmlValue))
      .join("");
  }

  return escapeXml(String(value));
}
