# Debian splits OpenCV by module and ships its CMake package only with the whole libopencv-dev,
# so the three modules trichometry uses (core, imgproc, imgcodecs) are found by hand and
# wrapped in one imported target.
find_path(OPENCV_INCLUDE_DIR opencv2/core.hpp PATH_SUFFIXES opencv4 REQUIRED)
find_library(OPENCV_CORE_LIBRARY opencv_core REQUIRED)
find_library(OPENCV_IMGPROC_LIBRARY opencv_imgproc REQUIRED)
find_library(OPENCV_IMGCODECS_LIBRARY opencv_imgcodecs REQUIRED)
add_library(opencv INTERFACE IMPORTED)
target_include_directories(opencv SYSTEM INTERFACE ${OPENCV_INCLUDE_DIR})
target_link_libraries(opencv INTERFACE ${OPENCV_IMGCODECS_LIBRARY} ${OPENCV_IMGPROC_LIBRARY}
                      ${OPENCV_CORE_LIBRARY})
