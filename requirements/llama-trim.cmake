# A trimmed llama-cpp-python build (requirements/install.sh passes this file in CMAKE_ARGS as
# -DCMAKE_PROJECT_llama.cpp_INCLUDE=...). CMake runs it right after llama.cpp's own project() call, before its
# options are read: llama-cpp-python forces llama.cpp's common library on (its tools need it) but never loads
# it, so this turns it off again. With -DLLAVA_BUILD=OFF (no multimodal library) the build is 83 compile steps
# instead of 193; the kernels, and so the words the model writes, are the same.
set(LLAMA_BUILD_COMMON OFF CACHE BOOL "llama.cpp: build the common library (llama-cpp-python never loads it)" FORCE)
