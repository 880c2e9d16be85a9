import KehuCore

/// Survey and response bodies read member by member: questions and answers are nested, so
/// an unknown or mistyped member deep inside is named by its path (`questions[1].type`,
/// `answers.q3`), and an answer keeps its JSON type for the service to judge.
enum SurveyBodyReader {
    static func create(_ object: [String: JSONValue]) throws -> SurveyInput {
        var errors = JSONObjectReading.unknownFields(object, accepted: ["name", "description", "questions", "active"])
        let name = requiredString(object, "name", errors: &errors)
        var input = SurveyInput(name: name ?? "", questions: [])
        switch object["description"] {
        case nil, .null?: break
        case .string(let text)?: input.description = text
        default: errors.append(FieldError(field: "description", message: "Expected a string."))
        }
        switch object["active"] {
        case nil: break
        case .bool(let flag)?: input.active = flag
        default: errors.append(FieldError(field: "active", message: "Expected true or false."))
        }
        if let value = object["questions"] {
            input.questions = questions(value, errors: &errors)
        } else {
            errors.append(FieldError(field: "questions", message: "This field is required."))
        }
        if !errors.isEmpty { throw KehuError.validation(errors) }
        return input
    }

    /// A merge patch: `description` may be null; `name`, `active` and `questions` not.
    static func patch(_ object: [String: JSONValue]) throws -> SurveyPatch {
        var patch = SurveyPatch()
        var errors = JSONObjectReading.unknownFields(object, accepted: ["name", "description", "active", "questions"])
        for (name, value) in object.sorted(by: { $0.key < $1.key }) {
            switch (name, value) {
            case (_, .null): patch.cleared.insert(name)
            case ("name", .string(let text)): patch.name = text
            case ("description", .string(let text)): patch.description = text
            case ("active", .bool(let flag)): patch.active = flag
            case ("questions", _): patch.questions = questions(value, errors: &errors)
            case ("name", _), ("description", _): errors.append(FieldError(field: name, message: "Expected a string."))
            case ("active", _): errors.append(FieldError(field: name, message: "Expected true or false."))
            default: break
            }
        }
        if !errors.isEmpty { throw KehuError.validation(errors) }
        return patch
    }

    static func response(_ object: [String: JSONValue]) throws -> ResponseInput {
        var errors = JSONObjectReading.unknownFields(object, accepted: ["customerId", "answers", "feedbackId", "respondedAt"])
        var input = ResponseInput(customerID: requiredString(object, "customerId", errors: &errors) ?? "", answers: [:])
        switch object["answers"] {
        case .object(let answers)?:
            input.answers = answers.mapValues { value in
                switch value {
                case .number(let number): .number(number)
                case .string(let text): .string(text)
                default: .other
                }
            }
        case nil: errors.append(FieldError(field: "answers", message: "This field is required."))
        default: errors.append(FieldError(field: "answers", message: "Expected an object of answers by question id."))
        }
        switch object["feedbackId"] {
        case nil, .null?: break
        case .string(let id)?: input.feedbackID = id
        default: errors.append(FieldError(field: "feedbackId", message: "Expected a string."))
        }
        switch object["respondedAt"] {
        case nil, .null?: break
        case .string(let text)?:
            input.respondedAt = TimeParsing.parseInstant(text)
            if input.respondedAt == nil { errors.append(FieldError(field: "respondedAt", message: "Must be an RFC 3339 time such as 2026-11-23T08:00:00Z.")) }
        default: errors.append(FieldError(field: "respondedAt", message: "Expected a string."))
        }
        if !errors.isEmpty { throw KehuError.validation(errors) }
        return input
    }

    /// The questions of an array, each an object of `id`, `text`, `type` and `weight`.
    private static func questions(_ value: JSONValue, errors: inout [FieldError]) -> [QuestionInput] {
        guard case .array(let items) = value else {
            errors.append(FieldError(field: "questions", message: "Expected an array of questions."))
            return []
        }
        var questions: [QuestionInput] = []
        for (index, item) in items.enumerated() {
            let path = "questions[\(index)]"
            guard case .object(let object) = item else {
                errors.append(FieldError(field: path, message: "Expected an object with id, text, type and weight."))
                continue
            }
            var itemErrors = JSONObjectReading.unknownFields(object, accepted: ["id", "text", "type", "weight"]).map {
                FieldError(field: "\(path).\($0.field)", message: $0.message)
            }
            let id = requiredString(object, "id", path: path, errors: &itemErrors)
            let text = requiredString(object, "text", path: path, errors: &itemErrors)
            var type: QuestionType?
            if let name = requiredString(object, "type", path: path, errors: &itemErrors) {
                type = QuestionType(rawValue: name)
                if type == nil { itemErrors.append(.oneOf("\(path).type", QuestionType.self)) }
            }
            var weight: Double?
            switch object["weight"] {
            case nil, .null?: break
            case .number(let number)?: weight = number
            default: itemErrors.append(FieldError(field: "\(path).weight", message: "Expected a number from 0 to 100."))
            }
            if itemErrors.isEmpty, let id, let text, let type {
                questions.append(QuestionInput(id: id, text: text, type: type, weight: weight))
            }
            errors += itemErrors
        }
        return questions
    }

    /// A string member that must be there, recording why not under `path.name`.
    private static func requiredString(_ object: [String: JSONValue], _ name: String, path: String? = nil, errors: inout [FieldError]) -> String? {
        let field = path.map { "\($0).\(name)" } ?? name
        switch object[name] {
        case .string(let text)?: return text
        case nil: errors.append(FieldError(field: field, message: "This field is required."))
        case .null?: errors.append(FieldError(field: field, message: "This field must not be null."))
        default: errors.append(FieldError(field: field, message: "Expected a string."))
        }
        return nil
    }
}
