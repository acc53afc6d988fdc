#pragma once

#include "core/common/Result.h"
#include "core/domain/Records.h"

namespace llmux {

class Database;

// Creates gateway keys: generates one, stores only its hash and display prefix, and hands the
// plaintext back once. The single path the command line and every page create keys through; it
// never stores, logs or keeps the plaintext.
class GatewayKeyIssuer
{
public:
    struct Issued
    {
        GatewayKeyRecord record; // as stored, with its id
        QString key;             // the plaintext, to be shown once
    };

    // Takes the name, expiry, disabled flag, project and permissions from the record; fails on an
    // empty or taken name.
    static Result<Issued> issue(const Database &db, GatewayKeyRecord record);
};

} // namespace llmux
