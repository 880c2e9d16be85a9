import Yams

/// Renders `openapi.yaml` as one readable HTML page for `/docs`: operations grouped
/// by path with parameters, bodies and responses, then the schemas.
///
/// Rendered once at start-up; the page needs no script and loads nothing from elsewhere.
enum DocsPage {
    /// The page's HTML, or nil if the YAML cannot be read.
    static func render(openAPI yaml: String) -> String? {
        guard let root = (try? Yams.load(yaml: yaml)) as? [String: Any] else { return nil }
        let info = root["info"] as? [String: Any] ?? [:]
        let title = info["title"] as? String ?? "API"
        var html = """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title><style>\(style)</style></head><body><main>
        <h1>\(escape(title)) <small>\(escape(info["version"] as? String ?? ""))</small></h1>
        <p>\(escape(info["description"] as? String ?? ""))</p>
        <p>Machine-readable: <a href="/openapi.yaml">openapi.yaml</a></p>
        """
        let paths = root["paths"] as? [String: Any] ?? [:]
        html += "<nav><h2>Operations</h2><ul>"
        for path in paths.keys.sorted() {
            for (method, _) in operations(paths[path]) {
                html += "<li><a href=\"#\(anchor(method, path))\"><code>\(method.uppercased()) \(escape(path))</code></a></li>"
            }
        }
        html += "</ul></nav>"
        for path in paths.keys.sorted() {
            for (method, operation) in operations(paths[path]) {
                html += renderOperation(method: method, path: path, operation: operation)
            }
        }
        if let schemas = (root["components"] as? [String: Any])?["schemas"] as? [String: Any] {
            html += "<h2>Schemas</h2>"
            for name in schemas.keys.sorted() {
                html += renderSchema(name: name, schema: schemas[name] as? [String: Any] ?? [:])
            }
        }
        return html + "</main></body></html>"
    }

    private static let methods = ["get", "post", "put", "patch", "delete", "head", "options"]

    private static func operations(_ item: Any?) -> [(String, [String: Any])] {
        guard let item = item as? [String: Any] else { return [] }
        return methods.compactMap { method in (item[method] as? [String: Any]).map { (method, $0) } }
    }

    private static func renderOperation(method: String, path: String, operation: [String: Any]) -> String {
        var html = "<section id=\"\(anchor(method, path))\"><h3><span class=\"m \(method)\">\(method.uppercased())</span> <code>\(escape(path))</code></h3>"
        if let summary = operation["summary"] as? String { html += "<p><strong>\(escape(summary))</strong></p>" }
        if let description = operation["description"] as? String { html += "<p>\(escape(description))</p>" }
        if let parameters = operation["parameters"] as? [[String: Any]], !parameters.isEmpty {
            html += "<table><tr><th>Parameter</th><th>In</th><th>Required</th><th>Description</th></tr>"
            for parameter in parameters {
                let name = parameter["name"] as? String ?? (parameter["$ref"] as? String).map(refName) ?? "?"
                html += "<tr><td><code>\(escape(name))</code></td><td>\(escape(parameter["in"] as? String ?? ""))</td>"
                html += "<td>\((parameter["required"] as? Bool ?? false) ? "yes" : "no")</td><td>\(escape(parameter["description"] as? String ?? ""))</td></tr>"
            }
            html += "</table>"
        }
        if let body = operation["requestBody"] as? [String: Any] {
            html += "<p>Request body: \(describeContent(body["content"]))</p>"
        }
        if let responses = operation["responses"] as? [String: Any] {
            html += "<table><tr><th>Status</th><th>Meaning</th><th>Body</th></tr>"
            for code in responses.keys.sorted() {
                let response = responses[code] as? [String: Any] ?? [:]
                let description = response["description"] as? String ?? (response["$ref"] as? String).map(refName) ?? ""
                html += "<tr><td>\(escape(code))</td><td>\(escape(description))</td><td>\(describeContent(response["content"]))</td></tr>"
            }
            html += "</table>"
        }
        return html + "</section>"
    }

    private static func renderSchema(name: String, schema: [String: Any]) -> String {
        var html = "<section id=\"schema-\(escape(name))\"><h3>\(escape(name))</h3>"
        if let description = schema["description"] as? String { html += "<p>\(escape(description))</p>" }
        let required = Set(schema["required"] as? [String] ?? [])
        if let properties = schema["properties"] as? [String: Any] {
            html += "<table><tr><th>Field</th><th>Type</th><th>Description</th></tr>"
            for field in properties.keys.sorted() {
                let property = properties[field] as? [String: Any] ?? [:]
                html += "<tr><td><code>\(escape(field))</code>\(required.contains(field) ? " *" : "")</td>"
                html += "<td>\(escape(typeName(property)))</td><td>\(escape(property["description"] as? String ?? ""))</td></tr>"
            }
            html += "</table>"
        }
        return html + "</section>"
    }

    private static func describeContent(_ content: Any?) -> String {
        guard let content = content as? [String: Any] else { return "" }
        return content.keys.sorted().map { type in
            let schema = (content[type] as? [String: Any])?["schema"] as? [String: Any] ?? [:]
            return "<code>\(escape(type))</code> \(escape(typeName(schema)))"
        }.joined(separator: ", ")
    }

    private static func typeName(_ schema: [String: Any]) -> String {
        if let ref = schema["$ref"] as? String { return refName(ref) }
        if let type = schema["type"] as? String {
            if type == "array", let items = schema["items"] as? [String: Any] { return "array of \(typeName(items))" }
            if let values = schema["enum"] as? [Any] { return "\(type): " + values.map { "\($0)" }.joined(separator: " | ") }
            return type
        }
        if let types = schema["type"] as? [String] { return types.joined(separator: " | ") }
        if let options = (schema["oneOf"] ?? schema["anyOf"]) as? [[String: Any]] { return options.map(typeName).joined(separator: " | ") }
        return ""
    }

    private static func refName(_ ref: String) -> String { String(ref.split(separator: "/").last ?? "") }

    private static func anchor(_ method: String, _ path: String) -> String {
        escape(method + path.map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined())
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for char in text {
            switch char {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(char)
            }
        }
        return out
    }

    private static let style = """
    body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}main{max-width:960px;margin:auto;padding:1rem 1.5rem}
    section{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}table{border-collapse:collapse;width:100%;margin:.5rem 0}
    th,td{border-bottom:1px solid #eee;text-align:left;padding:.25rem .5rem;vertical-align:top}code{font-size:.95em}
    .m{display:inline-block;min-width:4.5em;text-align:center;border-radius:4px;color:#fff;font-size:.8em;padding:.1em .4em}
    .get{background:#2b7}.post{background:#27c}.put,.patch{background:#c82}.delete{background:#c33}.head,.options{background:#777}nav ul{columns:2}
    """
}
