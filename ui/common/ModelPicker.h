#pragma once

#include <QComboBox>

namespace llmux {

class Gateway;

// The model names a client can send as they are (model aliases and routes), as the Connect and
// Playground pages offer them. Refreshing keeps what the user picked, or typed into an editable
// picker, even a name that is not in the list.
class ModelPicker : public QComboBox
{
    Q_OBJECT
public:
    explicit ModelPicker(QWidget *parent = nullptr);

    // Reads the gateway's current configuration; returns whether the offered names changed.
    // No signal is emitted while the list is rebuilt.
    bool refresh(const Gateway &gateway);
};

} // namespace llmux
