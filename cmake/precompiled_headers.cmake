# Precompiled headers: every source includes the 256-bit integers (Boost
# Multiprecision's cpp_int, through engine/numbers/uint256.hpp), and the tests
# GoogleTest and nlohmann/json, whose parsing is about a third of each file's compile
# time. Precompiling them once per target keeps the three CI builds (release, asan,
# clang) within CI's time. The headers are src/pch/common.hpp and, for tests,
# src/pch/tests.hpp. FLUX_PCH=OFF builds without them: every source still includes
# what it uses (the precompiled headers are ones a file includes anyway).
option(FLUX_PCH "Precompile the headers every source includes (faster builds)" ON)

# Every library and executable with enough C++ sources to gain from it, in this
# directory and below.
function(flux_precompile_headers dir)
  if(NOT FLUX_PCH)
    return()
  endif()
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    if(NOT type MATCHES "^(STATIC_LIBRARY|EXECUTABLE)$")
      continue()
    endif()
    get_target_property(sources ${target} SOURCES)
    list(FILTER sources INCLUDE REGEX "\\.cpp$")
    list(LENGTH sources count)
    if(count LESS 4)
      continue()
    endif()
    # GCC 12 reports warnings inside the standard headers once they come from a
    # precompiled header (it loses their system-header mark there, even with
    # `#pragma GCC system_header`): -Warray-bounds and -Wstringop-overflow/-overread
    # false positives in std::string's inlined copies (GCC bugs 105651 and 106199,
    # fixed in 13). Off for GCC 12 precompiled targets only; Clang, the sanitizers'
    # run-time checks and FLUX_PCH=OFF builds keep them.
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
      target_compile_options(${target} PRIVATE -Wno-array-bounds -Wno-stringop-overflow -Wno-stringop-overread)
    endif()
    if(target MATCHES "tests$")
      target_precompile_headers(${target} PRIVATE ${PROJECT_SOURCE_DIR}/src/pch/tests.hpp)
    else()
      target_precompile_headers(${target} PRIVATE ${PROJECT_SOURCE_DIR}/src/pch/common.hpp)
    endif()
  endforeach()
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(subdir IN LISTS subdirs)
    flux_precompile_headers(${subdir})
  endforeach()
endfunction()
