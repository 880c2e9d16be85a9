import Foundation
import HTTPServer
import KehuCore

/// Why a request body could not become an input value.
enum RequestDecodingError: Error, Sendable {
    /// Not JSON at all, or not an object (400).
    case malformedJSON(String)
    /// A `Content-Type` other than JSON (415).
    case unsupportedMediaType(String)
    /// JSON, but with unknown, missing or mistyped fields (422).
    case invalidFields([FieldError])
}

/// A request body type: decodable, and naming every field it accepts so that unknown
/// fields are refused rather than silently dropped (API.md, Conventions).
protocol RequestInput: Decodable {
    /// Every top-level field name the body may contain.
    static var acceptedFields: Set<String> { get }
}

extension Request {
    /// Decodes the JSON body as `T`, refusing other media types, malformed JSON and
    /// unknown fields, and turning type errors into field errors.
    func decodeBody<T: RequestInput>(as type: T.Type) throws -> T {
        try checkJSONContentType()
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(body), options: [])
        } catch {
            throw RequestDecodingError.malformedJSON(body.isEmpty ? "The request needs a JSON body." : "The request body is not valid JSON.")
        }
        guard let fields = object as? [String: Any] else {
            throw RequestDecodingError.malformedJSON("The request body must be a JSON object.")
        }
        let unknown = fields.keys.filter { !T.acceptedFields.contains($0) }.sorted()
        if !unknown.isEmpty {
            throw RequestDecodingError.invalidFields(unknown.map { FieldError(field: $0, message: "Unknown field.") })
        }
        do {
            return try JSONCoding.decode(T.self, from: body)
        } catch let error as DecodingError {
            throw RequestDecodingError.invalidFields([Self.fieldError(from: error)])
        }
    }

    /// The JSON body as an object of exact values (for bodies read member by member).
    func decodeObject() throws -> [String: JSONValue] {
        try checkJSONContentType()
        guard !body.isEmpty else { throw RequestDecodingError.malformedJSON("The request needs a JSON body.") }
        guard let value = try? JSONCoding.decode(JSONValue.self, from: body) else {
            throw RequestDecodingError.malformedJSON("The request body is not valid JSON.")
        }
        guard case .object(let object) = value else { throw RequestDecodingError.malformedJSON("The request body must be a JSON object.") }
        return object
    }

    private func checkJSONContentType() throws {
        guard let contentType = headers["Content-Type"] else {
            if body.isEmpty { return }
            throw RequestDecodingError.unsupportedMediaType("a body without Content-Type")
        }
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard mediaType == "application/json" || mediaType.hasSuffix("+json") else {
            throw RequestDecodingError.unsupportedMediaType(mediaType)
        }
    }

    static func fieldError(from error: DecodingError) -> FieldError {
        func path(_ codingPath: [any CodingKey], _ key: (any CodingKey)? = nil) -> String {
            let keys = codingPath + (key.map { [$0] } ?? [])
            var text = ""
            for key in keys {
                if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : ".\(key.stringValue)" }
            }
            return text.isEmpty ? "body" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return FieldError(field: path(context.codingPath, key), message: "This field is required.")
        case .valueNotFound(_, let context):
            return FieldError(field: path(context.codingPath), message: "This field must not be null.")
        case .typeMismatch(let type, let context):
            return FieldError(field: path(context.codingPath), message: "Expected \(Self.describe(type)).")
        case .dataCorrupted(let context):
            return FieldError(field: path(context.codingPath), message: context.debugDescription)
        @unknown default:
            return FieldError(field: "body", message: "The body could not be read.")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "a value of another type"
        }
    }
}

extension Response {
    /// A JSON response of `value`.
    static func json<T: Encodable>(_ value: T, status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders()) throws -> Response {
        if let writable = value as? any JSONWritable {
            var writer = JSONWriter()
            writable.write(to: &writer)
            return Response(status: status, contentType: "application/json", bytes: writer.bytes, headers: headers)
        }
        return Response(status: status, contentType: "application/json", bytes: try JSONCoding.encode(value), headers: headers)
    }
}
