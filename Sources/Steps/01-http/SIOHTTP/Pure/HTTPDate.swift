// SPDX-License-Identifier: MIT

/// HTTP dates (RFC 9110 §5.6.7), such as `Sun, 06 Nov 1994 08:49:37 GMT`, to and from Unix time.
///
/// Written by hand rather than with `DateFormatter`, which is slow to create, depends on the locale
/// (a French locale writes `dim., 06 nov.`), and would pull Foundation into the pure layer.
/// The calendar arithmetic is Howard Hinnant's `days_from_civil` / `civil_from_days`
/// (proleptic Gregorian calendar, no lookup tables).
///
/// ```swift
/// HTTPDate.format(secondsSince1970: 784_111_777)   // "Sun, 06 Nov 1994 08:49:37 GMT"
/// HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT")  // 784_111_777
/// ```
package enum HTTPDate {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let longWeekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `IMF-fixdate`, the only format a sender may generate (RFC 9110 §5.6.7).
    package static func format(secondsSince1970 seconds: Int) -> String {
        let days = seconds.floorDiv(86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        // 1970-01-01 was a Thursday (index 4 with Sunday = 0).
        let weekday = (days + 4).floorMod(7)
        var text = weekdays[weekday] + ", "
        let yearText = String(year)
        text += twoDigits(day) + " " + months[month - 1] + " " + String(repeating: "0", count: max(0, 4 - yearText.count))
        text += yearText + " "
        text += twoDigits(secondOfDay / 3600) + ":" + twoDigits(secondOfDay / 60 % 60) + ":" + twoDigits(secondOfDay % 60)
        return text + " GMT"
    }

    /// Seconds since 1970 for any of the three formats a recipient MUST accept (RFC 9110 §5.6.7):
    ///
    /// ```text
    /// Sun, 06 Nov 1994 08:49:37 GMT    IMF-fixdate
    /// Sunday, 06-Nov-94 08:49:37 GMT   obsolete RFC 850 format
    /// Sun Nov  6 08:49:37 1994         ANSI C asctime() format
    /// ```
    ///
    /// `nil` for anything else, or for an impossible date (`31 Feb`). The weekday must be a real
    /// weekday name but is not checked against the date. RFC 850's two-digit years are read as
    /// 1970-2069 (the RFC's "50 years in the future" rule needs the current time, which pure code
    /// does not have).
    package static func parse(_ text: some StringProtocol) -> Int? {
        let parts = Substring(text).split(separator: " ", omittingEmptySubsequences: true)
        // asctime: `Sun Nov  6 08:49:37 1994`
        if parts.count == 5, weekdays.contains(String(parts[0])) {
            return seconds(year: number(parts[4], digits: 4...4), month: months.firstIndex(of: String(parts[1])),
                           day: number(parts[2], digits: 1...2), time: parts[3])
        }
        guard parts.count == 4 || parts.count == 6, parts.last == "GMT", let name = parts[0].last == "," ? parts[0].dropLast() : nil
        else { return nil }
        // IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`
        if parts.count == 6, weekdays.contains(String(name)) {
            return seconds(year: number(parts[3], digits: 4...4), month: months.firstIndex(of: String(parts[2])),
                           day: number(parts[1], digits: 2...2), time: parts[4])
        }
        // RFC 850: `Sunday, 06-Nov-94 08:49:37 GMT`
        let date = parts[1].split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 4, longWeekdays.contains(String(name)), date.count == 3,
              let shortYear = number(date[2], digits: 2...2)
        else { return nil }
        return seconds(year: shortYear + (shortYear < 70 ? 2000 : 1900), month: months.firstIndex(of: String(date[1])),
                       day: number(date[0], digits: 2...2), time: parts[2])
    }

    /// Combines parsed fields; `nil` if any is missing or out of range.
    private static func seconds(year: Int?, month monthIndex: Int?, day: Int?, time: Substring) -> Int? {
        let clock = time.split(separator: ":", omittingEmptySubsequences: false)
        guard let year, let monthIndex, let day, clock.count == 3,
              let hour = number(clock[0], digits: 2...2), let minute = number(clock[1], digits: 2...2),
              let second = number(clock[2], digits: 2...2),
              hour < 24, minute < 60, second <= 60,  // 60: a leap second (RFC 9110 §5.6.7)
              day >= 1, day <= daysIn(month: monthIndex + 1, year: year)
        else { return nil }
        return days(fromYear: year, month: monthIndex + 1, day: day) * 86_400 + hour * 3600 + minute * 60 + second
    }

    /// A decimal number of exactly `digits` ASCII digits.
    private static func number(_ text: Substring, digits: ClosedRange<Int>) -> Int? {
        guard digits.contains(text.utf8.count),
              text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        return Int(text)
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0" + String(value) : String(value)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (Hinnant, `days_from_civil`): years start in March, so the leap day is last.
    private static func days(fromYear year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = y.floorDiv(400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of `days(fromYear:month:day:)` (Hinnant, `civil_from_days`).
    private static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = z.floorDiv(146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Int {
    /// Division rounding toward minus infinity, so dates before 1970 work too.
    fileprivate func floorDiv(_ divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    fileprivate func floorMod(_ divisor: Int) -> Int {
        self - floorDiv(divisor) * divisor
    }
}
