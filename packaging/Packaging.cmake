# Desktop integration and the Debian package. Included from the top-level CMakeLists.txt after
# the llmux target exists (app/CMakeLists.txt installs the binary itself, to bin):
#   include(packaging/Packaging.cmake)
# Builds the man page and the PNG icons with the rest (both need tools from Debian packages that
# packaging/debian/install-deps.sh installs), installs everything below CMAKE_INSTALL_PREFIX, and
# sets up CPack: `cpack -G DEB` in the build folder, or packaging/build-deb.sh from scratch.

include(GNUInstallDirs)

if(NOT TARGET llmux)
  message(FATAL_ERROR "Include packaging/Packaging.cmake after add_subdirectory(app): it needs "
                      "the llmux target.")
endif()

set(LLMUX_PACKAGING_DIR ${CMAKE_CURRENT_LIST_DIR})
set(LLMUX_PACKAGING_OUT ${CMAKE_BINARY_DIR}/packaging)

# Missing tools are reported now rather than halfway through a build.
find_program(LLMUX_SH sh REQUIRED)
find_program(LLMUX_GZIP gzip REQUIRED)
find_program(LLMUX_RSVG_CONVERT rsvg-convert)
if(NOT LLMUX_RSVG_CONVERT)
  message(FATAL_ERROR "rsvg-convert, which renders the app icon, was not found: install the "
                      "Debian package librsvg2-bin (packaging/debian/install-deps.sh does).")
endif()

# Reproducible output when the build asks for it (dates in the man page).
set(_llmux_env ${CMAKE_COMMAND} -E env)
if(DEFINED ENV{SOURCE_DATE_EPOCH})
  list(APPEND _llmux_env "SOURCE_DATE_EPOCH=$ENV{SOURCE_DATE_EPOCH}")
endif()

# The man page, from the help texts of the binary just built.
set(_llmux_man ${LLMUX_PACKAGING_OUT}/man/llmux.1)
add_custom_command(
  OUTPUT ${_llmux_man}.gz
  COMMAND ${_llmux_env} ${LLMUX_SH} ${LLMUX_PACKAGING_DIR}/man/make-manpage.sh
          $<TARGET_FILE:llmux> ${_llmux_man}
  COMMAND ${LLMUX_GZIP} -9nf ${_llmux_man}
  DEPENDS llmux ${LLMUX_PACKAGING_DIR}/man/make-manpage.sh
  COMMENT "Writing the llmux(1) man page"
  VERBATIM)

# The icon at the fixed sizes desktops look up, next to the scalable one.
set(LLMUX_ICON_SIZES 16 22 24 32 48 64 128 256 512)
set(_llmux_pngs)
foreach(size IN LISTS LLMUX_ICON_SIZES)
  list(APPEND _llmux_pngs ${LLMUX_PACKAGING_OUT}/icons/hicolor/${size}x${size}/apps/llmux.png)
endforeach()
add_custom_command(
  OUTPUT ${_llmux_pngs}
  COMMAND ${LLMUX_SH} ${LLMUX_PACKAGING_DIR}/icons/render-pngs.sh ${LLMUX_PACKAGING_OUT}/icons
          ${LLMUX_PACKAGING_DIR}/icons/llmux.svg
  DEPENDS ${LLMUX_PACKAGING_DIR}/icons/render-pngs.sh ${LLMUX_PACKAGING_DIR}/icons/llmux.svg
  COMMENT "Rendering the app icon to PNG"
  VERBATIM)

# The Debian changelog, compressed as policy wants. The package is native (its version has no
# Debian revision), so policy names it changelog.gz, not changelog.Debian.gz. Its top entry must
# be this version, or the package would describe a release that is not the one built.
file(STRINGS ${LLMUX_PACKAGING_DIR}/debian/changelog _llmux_changelog_top LIMIT_COUNT 1)
if(NOT _llmux_changelog_top MATCHES "^llmux \\(${PROJECT_VERSION}\\) ")
  message(FATAL_ERROR "packaging/debian/changelog starts with '${_llmux_changelog_top}', but the "
                      "project version is ${PROJECT_VERSION}: add an entry for it on top.")
endif()
set(_llmux_changelog ${LLMUX_PACKAGING_OUT}/changelog)
add_custom_command(
  OUTPUT ${_llmux_changelog}.gz
  COMMAND ${CMAKE_COMMAND} -E copy ${LLMUX_PACKAGING_DIR}/debian/changelog ${_llmux_changelog}
  COMMAND ${LLMUX_GZIP} -9nf ${_llmux_changelog}
  DEPENDS ${LLMUX_PACKAGING_DIR}/debian/changelog
  COMMENT "Compressing the Debian changelog"
  VERBATIM)

add_custom_target(llmux_packaging_files ALL
  DEPENDS ${_llmux_man}.gz ${_llmux_pngs} ${_llmux_changelog}.gz)

# Installation. Directories the package creates are 0755 whatever the umask of the build.
set(_llmux_dir_permissions OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
                           WORLD_READ WORLD_EXECUTE)
set(CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS ${_llmux_dir_permissions})
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS ${_llmux_dir_permissions})

install(FILES ${LLMUX_PACKAGING_DIR}/llmux.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${LLMUX_PACKAGING_DIR}/io.github.llmux.LLMux.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${LLMUX_PACKAGING_DIR}/icons/llmux.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
foreach(size IN LISTS LLMUX_ICON_SIZES)
  install(FILES ${LLMUX_PACKAGING_OUT}/icons/hicolor/${size}x${size}/apps/llmux.png
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
endforeach()
install(FILES ${_llmux_man}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${LLMUX_PACKAGING_DIR}/completions/llmux.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME llmux)
install(FILES ${LLMUX_PACKAGING_DIR}/completions/_llmux
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES ${LLMUX_PACKAGING_DIR}/completions/llmux.fish
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
# lib/systemd/user below the prefix: /usr/lib/systemd/user for the package, which systemd reads
# (not CMAKE_INSTALL_LIBDIR, which is lib/x86_64-linux-gnu on Debian).
install(FILES ${LLMUX_PACKAGING_DIR}/systemd/llmux.service DESTINATION lib/systemd/user)
install(FILES ${LLMUX_PACKAGING_DIR}/debian/copyright ${_llmux_changelog}.gz
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/llmux)
# No lintian overrides: lintian reports no errors or warnings to justify one (see
# packaging/check-deb.sh). Should one be needed, install it to share/lintian/overrides/llmux.

# The Debian package.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME llmux)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "LLMux developers")
set(CPACK_PACKAGE_CONTACT "LLMux developers <dev@llmux.invalid>")
set(CPACK_PACKAGE_HOMEPAGE_URL https://github.com/llmux/llmux)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "local gateway between LLM clients and LLM providers")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION [=[
LLMux runs an OpenAI-compatible and Anthropic-compatible HTTP server on
127.0.0.1. Tools such as Claude Code, Codex CLI, Cherry Studio, editor
plug-ins and scripts using the official SDKs send their requests there with a
gateway key, and LLMux forwards each one to the provider configured for the
model: OpenAI, Anthropic, Google Gemini, Azure OpenAI, DeepSeek, Qwen,
Moonshot, OpenRouter, Ollama, LM Studio or any OpenAI-compatible API.

It translates between the OpenAI, Anthropic and Gemini formats, streaming
included, routes a model name over several providers with failover, key
pools, retries and circuit breakers, checks the providers' health, and
records every request with its tokens and cost. Provider API keys are kept
in the desktop keychain.

The package contains the desktop app (window and tray icon), the llmux
command line, and a systemd user unit that runs the gateway headless.]=])
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "LLMux developers <dev@llmux.invalid>")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE https://github.com/llmux/llmux)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# What dpkg-shlibdeps cannot see, because Qt and QtKeychain load it at run time: the platform
# plugins (xcb, offscreen), the SQLite driver, and libsecret, which QtKeychain opens with dlopen
# to reach the Secret Service. (The SVG icon engine and image plugins come with libqt6svg6, which
# dpkg-shlibdeps already adds for libQt6Svg.)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins, libqt6sql6-sqlite, libsecret-1-0")
# A keychain daemon to store provider keys in (the same choice as libqt6keychain1's), Qt's own
# translations for the Chinese interface, and native Wayland windows.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gnome-keyring | kwalletmanager, qt6-translations-l10n, qt6-wayland")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "fonts-noto-cjk | fonts-wqy-microhei")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

include(CPack)
