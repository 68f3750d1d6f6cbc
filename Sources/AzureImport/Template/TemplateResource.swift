/// One resource a template deploys, in the shape the importer reads exports in (`id`,
/// `name`, `type`, `properties`...), with the place in the template that declares it.
struct TemplateResource: Sendable {
    let value: JSONValue
    /// The JSON pointer of the declaration (`/resources/3`, or deeper for children and
    /// nested deployments); copies of one loop share it.
    let pointer: String
    /// The template file that declares it (a linked template's own file).
    let file: String
}
