// SPDX-License-Identifier: MIT

/// `ChatDemo --help`: every setting with its three spellings, its default and its meaning.
extension Setting {
    static func helpText(settings: [Setting] = Setting.all) -> String {
        var lines = [
            "Usage: ChatDemo [--config FILE] [--NAME VALUE ...]",
            "",
            "Each setting can come from the JSON config file (--config FILE or CHATDEMO_CONFIG), the environment",
            "or a flag; a flag wins over the environment, which wins over the file. Details: docs/deploy.md.",
            "",
        ]
        for setting in settings {
            var spellings = "\(setting.flag) \(setting.valueName)   \(setting.environmentName)"
            if let alias = setting.alias { spellings += " (or \(alias))" }
            spellings += "   \"\(setting.jsonKey)\""
            lines.append("  " + spellings)
            lines.append("      \(setting.meaning); default: \(setting.defaultText)")
        }
        lines.append("")
        lines.append("CHATDEMO_ADMIN_PASSWORD (environment only): the first admin's password instead of a random one.")
        return lines.joined(separator: "\n")
    }
}
