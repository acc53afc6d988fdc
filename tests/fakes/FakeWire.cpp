#include "tests/fakes/FakeWire.h"

#include <QtEndian>

namespace llmux::test {

QByteArray FakeRequest::header(const QByteArray &lowerName) const
{
    for (const auto &[name, value] : headers)
        if (name == lowerName)
            return value;
    return {};
}

QByteArray FakeRequest::route() const
{
    const qsizetype q = path.indexOf('?');
    return q < 0 ? path : path.left(q);
}

QByteArray FakeRequest::query(const QByteArray &name) const
{
    const qsizetype q = path.indexOf('?');
    if (q < 0)
        return {};
    for (const QByteArray &pair : path.mid(q + 1).split('&')) {
        const qsizetype eq = pair.indexOf('=');
        if ((eq < 0 ? pair : pair.left(eq)) == name)
            return eq < 0 ? QByteArray() : QByteArray::fromPercentEncoding(pair.mid(eq + 1));
    }
    return {};
}

namespace fakewire {

Json toolArguments()
{
    return {{"city", "Paris"}};
}

Json parse(const QByteArray &body)
{
    return Json::parse(body.constData(), body.constData() + body.size(), nullptr, false);
}

QByteArray dump(const Json &json)
{
    return QByteArray::fromStdString(json.dump());
}

QString textOf(const Json &content)
{
    if (content.is_string())
        return QString::fromStdString(content.get<std::string>());
    QString text;
    if (content.is_array())
        for (const Json &part : content)
            if (part.is_object() && part.contains("text") && part["text"].is_string() &&
                !part.value("thought", false))
                text += QString::fromStdString(part["text"].get<std::string>());
    return text;
}

QStringList replyWords(const QString &prompt)
{
    return QStringLiteral("Hello from fake upstream: %1").arg(prompt).split(QLatin1Char(' '));
}

std::string piece(const QString &word)
{
    return QString(word + QLatin1Char(' ')).toStdString();
}

QList<double> embedding(const std::string &text)
{
    quint64 hash = 14695981039346656037ull; // FNV-1a
    for (const unsigned char c : text)
        hash = (hash ^ c) * 1099511628211ull;
    hash = (hash ^ (hash >> 30)) * 0xbf58476d1ce4e5b9ull; // spread every byte over all bits
    hash = (hash ^ (hash >> 27)) * 0x94d049bb133111ebull;
    hash ^= hash >> 31;
    QList<double> values;
    for (int i = 0; i < 8; ++i)
        values << (int((hash >> (8 * i)) & 0xff) - 128) / 128.0;
    return values;
}

std::string embeddingBase64(const QList<double> &values)
{
    QByteArray bytes;
    for (const double v : values) {
        char le[4];
        qToLittleEndian(float(v), le);
        bytes.append(le, 4);
    }
    return bytes.toBase64().toStdString();
}

} // namespace fakewire

} // namespace llmux::test
