# The portable llama-cpp-python wheel in requirements/wheels/ (built by requirements/build-llama-wheel.sh, which
# passes this file as -DCMAKE_PROJECT_llama.cpp_INCLUDE=...; CMake runs it right after llama.cpp's own project()
# call). The same trim as the sdist build (requirements/llama-trim.cmake), plus:
# - llama.cpp's own install rules (the CPU variants among them) write into the package's folder, llama_cpp/lib,
#   instead of lib/, bin/ and include/ at the top of site-packages;
# - the libraries get no version suffix, so the wheel holds one file per library instead of three copies
#   (libllama.so then needs libggml.so, not libggml.so.0; ggml loads the CPU variants by their plain .so name).
include(${CMAKE_CURRENT_LIST_DIR}/llama-trim.cmake)
set(CMAKE_INSTALL_BINDIR llama_cpp/lib CACHE PATH "llama-cpp-python wheel: backends into the package" FORCE)
set(CMAKE_INSTALL_LIBDIR llama_cpp/lib CACHE PATH "llama-cpp-python wheel: libraries into the package" FORCE)
set(CMAKE_INSTALL_INCLUDEDIR llama_cpp/include CACHE PATH "llama-cpp-python wheel: headers into the package" FORCE)
function(filmcrew_llama_wheel_unversion)
    foreach(target ggml ggml-base llama ${GGML_AVAILABLE_BACKENDS})
        if(TARGET ${target})
            set_property(TARGET ${target} PROPERTY VERSION)
            set_property(TARGET ${target} PROPERTY SOVERSION)
        endif()
    endforeach()
endfunction()
cmake_language(DEFER CALL filmcrew_llama_wheel_unversion)
