#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>

namespace llmux {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// The value of a header whose name is stored in lower case, or an empty array.
inline QByteArray headerValue(const HeaderList &headers, QByteArrayView lowerCaseName)
{
    for (const auto &h : headers)
        if (h.first == lowerCaseName)
            return h.second;
    return QByteArray();
}

// A complete HTTP request from a client, copied out of QHttpServer's request object. Header names
// are lower-case.
struct InboundRequest
{
    QByteArray method;
    QString path;
    QByteArray query;
    HeaderList headers;
    QByteArray body;
    QHostAddress remoteAddress;
    QElapsedTimer received;

    QByteArray header(QByteArrayView lowerCaseName) const
    {
        return headerValue(headers, lowerCaseName);
    }
};

} // namespace llmux
