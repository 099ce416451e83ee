using System.Runtime.InteropServices;
using System.Text;
using Cluster.Inference.Native;

namespace Cluster.Inference.Tests.Native;

public sealed unsafe class NativeEnvironmentTests
{
    [Fact]
    public void Set_NativeGetenvSeesTheValue()
    {
        // ggml-cuda reads GGML_CUDA_DISABLE_GRAPHS with getenv; .NET's own setter alone would not reach it.
        var name = "CLUSTER_TEST_" + Guid.NewGuid().ToString("N");

        NativeEnvironment.Set(name, "on");

        var getenv = (delegate* unmanaged<byte*, byte*>)NativeLibrary.GetExport(NativeLibrary.Load("libc.so.6"), "getenv");
        fixed (byte* key = Encoding.UTF8.GetBytes(name + "\0"))
        {
            Assert.Equal("on", Marshal.PtrToStringUTF8((nint)getenv(key)));
        }

        Assert.Equal("on", Environment.GetEnvironmentVariable(name));
    }
}
