// The Node binding over runtime.h: the shape declared in src/runtime/addon.ts. Anything
// that may block (compile, transfers, execute, waiting on PJRT events) runs on libuv's
// thread pool through PromiseWorker; argument checks happen on the JS thread and throw.
#include <napi.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "runtime.h"

namespace tsmlx::pjrt {
namespace {

// An Error carrying a PJRT status: message, `code` (number) and `codeName`.
Napi::Value pjrt_error(Napi::Env env, const Status& s) {
  Napi::Error err = Napi::Error::New(env, s.message.empty() ? std::string(code_name(s.code)) : s.message);
  err.Set("code", Napi::Number::New(env, s.code));
  err.Set("codeName", Napi::String::New(env, code_name(s.code)));
  return err.Value();
}

[[noreturn]] void throw_status(Napi::Env env, const Status& s) {
  throw Napi::Error(env, pjrt_error(env, s));
}

[[noreturn]] void throw_type(Napi::Env env, const std::string& message) {
  throw Napi::TypeError::New(env, message);
}

// Runs `work` on the thread pool, then `resolve` (or the rejection) on the JS thread.
// `finally` runs on the JS thread either way, before the promise settles.
class PromiseWorker : public Napi::AsyncWorker {
 public:
  using Work = std::function<Status()>;
  using Resolve = std::function<Napi::Value(Napi::Env)>;
  using Finally = std::function<void()>;

  static Napi::Promise start(Napi::Env env, Work work, Resolve resolve, Finally finally = nullptr) {
    auto* w = new PromiseWorker(env, std::move(work), std::move(resolve), std::move(finally));
    Napi::Promise promise = w->deferred_.Promise();
    w->Queue();
    return promise;
  }

 protected:
  void Execute() override {
    try {
      status_ = work_();
    } catch (const std::bad_alloc&) {
      status_ = Status::error(PJRT_Error_Code_RESOURCE_EXHAUSTED, "out of memory");
    } catch (const std::exception& e) {
      status_ = Status::error(PJRT_Error_Code_INTERNAL, e.what());
    }
  }

  void OnOK() override {
    Napi::Env env = Env();
    if (finally_) finally_();
    if (!status_.ok()) {
      deferred_.Reject(pjrt_error(env, status_));
      return;
    }
    try {
      deferred_.Resolve(resolve_(env));
    } catch (const Napi::Error& e) {
      deferred_.Reject(e.Value());
    } catch (const std::exception& e) {
      deferred_.Reject(pjrt_error(env, Status::error(PJRT_Error_Code_INTERNAL, e.what())));
    }
  }

  void OnError(const Napi::Error& e) override {
    if (finally_) finally_();
    deferred_.Reject(e.Value());
  }

 private:
  PromiseWorker(Napi::Env env, Work work, Resolve resolve, Finally finally)
      : Napi::AsyncWorker(env, "tsmlx.pjrt"),
        deferred_(Napi::Promise::Deferred::New(env)),
        work_(std::move(work)),
        resolve_(std::move(resolve)),
        finally_(std::move(finally)) {}

  Napi::Promise::Deferred deferred_;
  Work work_;
  Resolve resolve_;
  Finally finally_;
  Status status_;
};

// Passes a shared_ptr through a JS External into a wrapper's constructor.
template <class T>
Napi::External<std::shared_ptr<T>> pass(Napi::Env env, std::shared_ptr<T> p) {
  return Napi::External<std::shared_ptr<T>>::New(env, new std::shared_ptr<T>(std::move(p)),
                                                 [](Napi::Env, std::shared_ptr<T>* q) { delete q; });
}

template <class T>
std::shared_ptr<T> receive(const Napi::CallbackInfo& info, const char* what) {
  if (info.Length() < 1 || !info[0].IsExternal()) {
    throw_type(info.Env(), std::string(what) + " objects are made by the addon, not with new");
  }
  // Take the pointer out, so the External (freed at some later GC) holds nothing.
  return std::move(*info[0].As<Napi::External<std::shared_ptr<T>>>().Data());
}

class AddonData;
AddonData& data_of(Napi::Env env);

// ---------------------------------------------------------------- Buffer

class BufferWrap : public Napi::ObjectWrap<BufferWrap> {
 public:
  static Napi::Function define(Napi::Env env) {
    return DefineClass(env, "PjrtBuffer",
                       {InstanceAccessor<&BufferWrap::element_type>("elementType"),
                        InstanceAccessor<&BufferWrap::dims>("dims"),
                        InstanceAccessor<&BufferWrap::size>("onDeviceSizeInBytes"),
                        InstanceAccessor<&BufferWrap::is_deleted>("isDeleted"),
                        InstanceMethod<&BufferWrap::to_host>("toHost"), InstanceMethod<&BufferWrap::remove>("delete")});
  }
  explicit BufferWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<BufferWrap>(info) {
    handle_ = receive<BufferHandle>(info, "PjrtBuffer");
    element_type_ = handle_->element_type();
    dims_ = handle_->dims();
    size_ = handle_->on_device_size();
  }
  static Napi::Object make(Napi::Env env, std::shared_ptr<BufferHandle> h);

  // The live handle, or a thrown Error naming `op` when the buffer was deleted.
  std::shared_ptr<BufferHandle> live(Napi::Env env, const std::string& op) const {
    if (!handle_ || handle_->is_deleted()) {
      throw Napi::Error::New(env, "[" + op + "] the buffer has been deleted (or donated to an execute)");
    }
    return handle_;
  }

 private:
  Napi::Value element_type(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), element_type_); }
  Napi::Value dims(const Napi::CallbackInfo& info) {
    Napi::Array a = Napi::Array::New(info.Env(), dims_.size());
    for (size_t i = 0; i < dims_.size(); ++i) a.Set(i, Napi::Number::New(info.Env(), static_cast<double>(dims_[i])));
    return a;
  }
  Napi::Value size(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), static_cast<double>(size_)); }
  Napi::Value is_deleted(const Napi::CallbackInfo& info) {
    return Napi::Boolean::New(info.Env(), !handle_ || handle_->is_deleted());
  }
  Napi::Value to_host(const Napi::CallbackInfo& info) {
    std::shared_ptr<BufferHandle> h = live(info.Env(), "toHost");
    struct State {
      void* data = nullptr;
      size_t size = 0;
      ~State() { std::free(data); }
    };
    auto st = std::make_shared<State>();
    return PromiseWorker::start(
        info.Env(), [h, st] { return h->to_host(&st->data, &st->size); },
        [st](Napi::Env env) -> Napi::Value {
          // Hand the block to an external ArrayBuffer; copy where external ones are refused.
          napi_value ab = nullptr;
          void* block = st->data;
          napi_status rc = napi_create_external_arraybuffer(
              env, block, st->size, [](napi_env, void* p, void*) { std::free(p); }, nullptr, &ab);
          if (rc == napi_ok) {
            st->data = nullptr;
            return Napi::Value(env, ab);
          }
          env.GetAndClearPendingException();
          Napi::ArrayBuffer copy = Napi::ArrayBuffer::New(env, st->size);
          if (st->size > 0) std::memcpy(copy.Data(), st->data, st->size);
          return copy;
        });
  }
  Napi::Value remove(const Napi::CallbackInfo& info) {
    if (handle_) {
      handle_->delete_now();
      handle_.reset();
    }
    return info.Env().Undefined();
  }

  std::shared_ptr<BufferHandle> handle_;
  int element_type_ = 0;
  std::vector<int64_t> dims_;
  size_t size_ = 0;
};

// ---------------------------------------------------------------- Executable

class ExecutableWrap : public Napi::ObjectWrap<ExecutableWrap> {
 public:
  static Napi::Function define(Napi::Env env) {
    return DefineClass(env, "PjrtExecutable",
                       {InstanceAccessor<&ExecutableWrap::name>("name"),
                        InstanceAccessor<&ExecutableWrap::num_outputs>("numOutputs"),
                        InstanceMethod<&ExecutableWrap::execute>("execute"),
                        InstanceMethod<&ExecutableWrap::cancel>("cancel"),
                        InstanceMethod<&ExecutableWrap::destroy>("destroy")});
  }
  explicit ExecutableWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<ExecutableWrap>(info) {
    handle_ = receive<ExecutableHandle>(info, "PjrtExecutable");
    name_ = handle_->name();
    num_outputs_ = handle_->num_outputs();
  }
  static Napi::Object make(Napi::Env env, std::shared_ptr<ExecutableHandle> h);

 private:
  Napi::Value name(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), name_); }
  Napi::Value num_outputs(const Napi::CallbackInfo& info) {
    return Napi::Number::New(info.Env(), static_cast<double>(num_outputs_));
  }
  Napi::Value execute(const Napi::CallbackInfo& info);
  Napi::Value cancel(const Napi::CallbackInfo& info);
  Napi::Value destroy(const Napi::CallbackInfo& info) {
    handle_.reset();
    return info.Env().Undefined();
  }

  std::shared_ptr<ExecutableHandle> handle_;
  std::string name_;
  size_t num_outputs_ = 0;
};

// ---------------------------------------------------------------- Device

class DeviceWrap : public Napi::ObjectWrap<DeviceWrap> {
 public:
  static Napi::Function define(Napi::Env env) {
    return DefineClass(env, "PjrtDevice",
                       {InstanceAccessor<&DeviceWrap::id>("id"), InstanceAccessor<&DeviceWrap::kind>("kind"),
                        InstanceAccessor<&DeviceWrap::debug_string>("debugString"),
                        InstanceAccessor<&DeviceWrap::local_hardware_id>("localHardwareId")});
  }
  struct Init {
    std::shared_ptr<ClientHandle> client;
    size_t index;
  };
  explicit DeviceWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<DeviceWrap>(info) {
    auto init = receive<Init>(info, "PjrtDevice");
    client_ = init->client;
    info_ = client_->devices().at(init->index);
  }
  const std::shared_ptr<ClientHandle>& client() const { return client_; }
  PJRT_Device* device() const { return info_.device; }

 private:
  Napi::Value id(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), info_.id); }
  Napi::Value kind(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), info_.kind); }
  Napi::Value debug_string(const Napi::CallbackInfo& info) {
    return Napi::String::New(info.Env(), info_.debug_string);
  }
  Napi::Value local_hardware_id(const Napi::CallbackInfo& info) {
    return Napi::Number::New(info.Env(), info_.local_hardware_id);
  }
  std::shared_ptr<ClientHandle> client_;
  DeviceInfo info_;
};

// ---------------------------------------------------------------- Client

class ClientWrap : public Napi::ObjectWrap<ClientWrap> {
 public:
  static Napi::Function define(Napi::Env env) {
    return DefineClass(env, "PjrtClient",
                       {InstanceAccessor<&ClientWrap::platform_name>("platformName"),
                        InstanceAccessor<&ClientWrap::platform_version>("platformVersion"),
                        InstanceMethod<&ClientWrap::devices>("devices"), InstanceMethod<&ClientWrap::compile>("compile"),
                        InstanceMethod<&ClientWrap::buffer_from_host>("bufferFromHost"),
                        InstanceMethod<&ClientWrap::destroy>("destroy")});
  }
  explicit ClientWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<ClientWrap>(info) {
    handle_ = receive<ClientHandle>(info, "PjrtClient");
    platform_name_ = handle_->platform_name();
    platform_version_ = handle_->platform_version();
  }

 private:
  std::shared_ptr<ClientHandle> live(Napi::Env env, const char* op) const {
    if (!handle_) throw Napi::Error::New(env, std::string("[") + op + "] the client has been destroyed");
    return handle_;
  }
  Napi::Value platform_name(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), platform_name_); }
  Napi::Value platform_version(const Napi::CallbackInfo& info) {
    return Napi::String::New(info.Env(), platform_version_);
  }
  Napi::Value devices(const Napi::CallbackInfo& info);
  Napi::Value compile(const Napi::CallbackInfo& info);
  Napi::Value buffer_from_host(const Napi::CallbackInfo& info);
  Napi::Value destroy(const Napi::CallbackInfo& info) {
    handle_.reset();  // the PJRT client goes once its buffers and executables are gone too
    return info.Env().Undefined();
  }

  std::shared_ptr<ClientHandle> handle_;
  std::string platform_name_;
  std::string platform_version_;
};

// ---------------------------------------------------------------- Plugin

class PluginWrap : public Napi::ObjectWrap<PluginWrap> {
 public:
  static Napi::Function define(Napi::Env env) {
    return DefineClass(env, "PjrtPlugin",
                       {InstanceAccessor<&PluginWrap::path>("path"),
                        InstanceAccessor<&PluginWrap::api_version>("apiVersion"),
                        InstanceMethod<&PluginWrap::create_client>("createClient"),
                        InstanceMethod<&PluginWrap::api_table>("apiTable"),
                        InstanceMethod<&PluginWrap::attributes>("attributes")});
  }
  explicit PluginWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<PluginWrap>(info) {
    plugin_ = receive<PluginLib>(info, "PjrtPlugin");
  }

 private:
  Napi::Value path(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), plugin_->path()); }
  Napi::Value api_version(const Napi::CallbackInfo& info) {
    Napi::Object v = Napi::Object::New(info.Env());
    v.Set("major", plugin_->api()->pjrt_api_version.major_version);
    v.Set("minor", plugin_->api()->pjrt_api_version.minor_version);
    return v;
  }
  Napi::Value api_table(const Napi::CallbackInfo& info) {
    ApiTableInfo t = describe_api_table(plugin_->api());
    Napi::Env env = info.Env();
    Napi::Object o = Napi::Object::New(env);
    o.Set("structSize", Napi::Number::New(env, static_cast<double>(t.struct_size)));
    o.Set("entries", Napi::Number::New(env, t.entries));
    Napi::Array nulls = Napi::Array::New(env, t.null_entries.size());
    for (size_t i = 0; i < t.null_entries.size(); ++i) nulls.Set(i, Napi::Number::New(env, t.null_entries[i]));
    o.Set("nullEntries", nulls);
    return o;
  }
  Napi::Value attributes(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    std::vector<NamedOption> values;
    Status s = plugin_attributes(*plugin_, &values);
    if (!s.ok()) throw_status(env, s);
    Napi::Object o = Napi::Object::New(env);
    for (const NamedOption& v : values) {
      switch (v.type) {
        case PJRT_NamedValue_kString: o.Set(v.name, v.string_value); break;
        case PJRT_NamedValue_kInt64: o.Set(v.name, Napi::Number::New(env, static_cast<double>(v.int_value))); break;
        case PJRT_NamedValue_kInt64List: {
          Napi::Array a = Napi::Array::New(env, v.list_value.size());
          for (size_t i = 0; i < v.list_value.size(); ++i)
            a.Set(i, Napi::Number::New(env, static_cast<double>(v.list_value[i])));
          o.Set(v.name, a);
          break;
        }
        case PJRT_NamedValue_kFloat: o.Set(v.name, Napi::Number::New(env, v.float_value)); break;
        case PJRT_NamedValue_kBool: o.Set(v.name, Napi::Boolean::New(env, v.bool_value)); break;
        default: break;
      }
    }
    return o;
  }
  Napi::Value create_client(const Napi::CallbackInfo& info);

  std::shared_ptr<PluginLib> plugin_;
};

// ---------------------------------------------------------------- addon data

class AddonData {
 public:
  Napi::FunctionReference plugin, client, device, executable, buffer;
};

AddonData& data_of(Napi::Env env) { return *env.GetInstanceData<AddonData>(); }

Napi::Object BufferWrap::make(Napi::Env env, std::shared_ptr<BufferHandle> h) {
  return data_of(env).buffer.New({pass(env, std::move(h))});
}

Napi::Object ExecutableWrap::make(Napi::Env env, std::shared_ptr<ExecutableHandle> h) {
  return data_of(env).executable.New({pass(env, std::move(h))});
}

// ---------------------------------------------------------------- argument helpers

// A non-negative integer from a JS number, or a TypeError naming `what`.
int64_t to_index(Napi::Env env, const Napi::Value& v, const std::string& what) {
  if (!v.IsNumber()) throw_type(env, what + " must be a number, got " + (v.IsString() ? "a string" : "another type"));
  double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= 0) || std::floor(d) != d || d > 9007199254740991.0) {
    throw_type(env, what + " must be a non-negative integer, got " + std::to_string(d));
  }
  return static_cast<int64_t>(d);
}

// A PJRT launch_id: an integer in 0 .. 2^31 - 1.
int to_launch_id(Napi::Env env, const Napi::Value& v, const std::string& what) {
  const int64_t id = to_index(env, v, what);
  if (id > 2147483647) throw Napi::RangeError::New(env, what + " must be below 2^31, got " + std::to_string(id));
  return static_cast<int>(id);
}

std::string dims_text(const std::vector<int64_t>& dims) {
  std::string s = "[";
  for (size_t i = 0; i < dims.size(); ++i) s += (i ? "," : "") + std::to_string(dims[i]);
  return s + "]";
}

// ---------------------------------------------------------------- methods

Napi::Value PluginWrap::create_client(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::vector<NamedOption> options;
  if (info.Length() > 0 && !info[0].IsUndefined() && !info[0].IsNull()) {
    if (!info[0].IsObject() || info[0].IsArray()) throw_type(env, "[createClient] options must be an object");
    Napi::Object o = info[0].As<Napi::Object>();
    Napi::Array keys = o.GetPropertyNames();
    for (uint32_t i = 0; i < keys.Length(); ++i) {
      NamedOption opt;
      opt.name = keys.Get(i).ToString().Utf8Value();
      Napi::Value v = o.Get(opt.name);
      const std::string what = "[createClient] option '" + opt.name + "'";
      if (v.IsString()) {
        opt.type = PJRT_NamedValue_kString;
        opt.string_value = v.As<Napi::String>().Utf8Value();
      } else if (v.IsBoolean()) {
        opt.type = PJRT_NamedValue_kBool;
        opt.bool_value = v.As<Napi::Boolean>().Value();
      } else if (v.IsBigInt()) {
        bool lossless = false;
        opt.type = PJRT_NamedValue_kInt64;
        opt.int_value = v.As<Napi::BigInt>().Int64Value(&lossless);
        if (!lossless) throw_type(env, what + " does not fit in int64");
      } else if (v.IsNumber()) {
        double d = v.As<Napi::Number>().DoubleValue();
        if (std::floor(d) == d && std::fabs(d) < 9007199254740992.0) {
          opt.type = PJRT_NamedValue_kInt64;
          opt.int_value = static_cast<int64_t>(d);
        } else {
          opt.type = PJRT_NamedValue_kFloat;
          opt.float_value = static_cast<float>(d);
        }
      } else if (v.IsArray()) {
        opt.type = PJRT_NamedValue_kInt64List;
        Napi::Array a = v.As<Napi::Array>();
        for (uint32_t j = 0; j < a.Length(); ++j) {
          Napi::Value e = a.Get(j);
          if (!e.IsNumber() || std::floor(e.As<Napi::Number>().DoubleValue()) != e.As<Napi::Number>().DoubleValue()) {
            throw_type(env, what + " must be a list of integers");
          }
          opt.list_value.push_back(static_cast<int64_t>(e.As<Napi::Number>().DoubleValue()));
        }
      } else {
        throw_type(env, what + " must be a string, number, bigint, boolean or integer list");
      }
      options.push_back(std::move(opt));
    }
  }
  Status s;
  std::shared_ptr<ClientHandle> client = ClientHandle::create(plugin_, options, &s);
  if (!client) throw_status(env, s);
  return data_of(env).client.New({pass(env, std::move(client))});
}

Napi::Value ClientWrap::devices(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::shared_ptr<ClientHandle> c = live(env, "devices");
  Napi::Array out = Napi::Array::New(env, c->devices().size());
  for (size_t i = 0; i < c->devices().size(); ++i) {
    auto init = std::make_shared<DeviceWrap::Init>(DeviceWrap::Init{c, i});
    out.Set(i, data_of(env).device.New({pass(env, init)}));
  }
  return out;
}

Napi::Value ClientWrap::compile(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::shared_ptr<ClientHandle> c = live(env, "compile");
  if (info.Length() < 1 || !info[0].IsString()) throw_type(env, "[compile] code must be a string of MLIR text");
  std::string code = info[0].As<Napi::String>().Utf8Value();
  // Default: CompileOptionsProto { executable_build_options { num_replicas: 1, num_partitions: 1 } }.
  std::string options("\x1a\x04\x20\x01\x28\x01", 6);
  if (info.Length() > 1 && !info[1].IsUndefined()) {
    if (!info[1].IsTypedArray() || info[1].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
      throw_type(env, "[compile] compileOptions must be a Uint8Array (a serialized CompileOptionsProto)");
    }
    Napi::Uint8Array bytes = info[1].As<Napi::Uint8Array>();
    options.assign(reinterpret_cast<const char*>(bytes.Data()), bytes.ByteLength());
  }
  struct State {
    std::string code, options;
    std::shared_ptr<ExecutableHandle> exe;
  };
  auto st = std::make_shared<State>();
  st->code = std::move(code);
  st->options = std::move(options);
  return PromiseWorker::start(
      env,
      [c, st] {
        Status s;
        st->exe = ExecutableHandle::compile(c, st->code, st->options, &s);
        return s;
      },
      [st](Napi::Env env) -> Napi::Value { return ExecutableWrap::make(env, std::move(st->exe)); });
}

Napi::Value ClientWrap::buffer_from_host(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::shared_ptr<ClientHandle> c = live(env, "bufferFromHost");
  if (info.Length() < 3) throw_type(env, "[bufferFromHost] expects (data, elementType, dims[, device])");
  if (!info[0].IsTypedArray() && !info[0].IsDataView()) {
    throw_type(env, "[bufferFromHost] data must be a TypedArray or DataView");
  }
  Napi::ArrayBuffer backing;
  size_t offset = 0, length = 0;
  if (info[0].IsTypedArray()) {
    Napi::TypedArray ta = info[0].As<Napi::TypedArray>();
    backing = ta.ArrayBuffer();
    offset = ta.ByteOffset();
    length = ta.ByteLength();
  } else {
    Napi::DataView dv = info[0].As<Napi::DataView>();
    backing = dv.ArrayBuffer();
    offset = dv.ByteOffset();
    length = dv.ByteLength();
  }
  const int element_type = static_cast<int>(to_index(env, info[1], "[bufferFromHost] elementType"));
  if (!info[2].IsArray()) throw_type(env, "[bufferFromHost] dims must be an array of integers");
  Napi::Array dims_js = info[2].As<Napi::Array>();
  std::vector<int64_t> dims;
  for (uint32_t i = 0; i < dims_js.Length(); ++i) {
    dims.push_back(to_index(env, dims_js.Get(i), "[bufferFromHost] dims[" + std::to_string(i) + "]"));
  }
  const size_t elem = element_byte_size(element_type);
  if (elem == 0) throw_type(env, "[bufferFromHost] unknown or sub-byte element type " + std::to_string(element_type));
  size_t needed = elem;
  for (int64_t d : dims) needed *= static_cast<size_t>(d);
  if (length != needed) {
    throw Napi::RangeError::New(env, "[bufferFromHost] data has " + std::to_string(length) + " bytes, type " +
                                         std::to_string(element_type) + " " + dims_text(dims) + " needs " +
                                         std::to_string(needed));
  }
  PJRT_Device* device = nullptr;
  if (info.Length() > 3 && !info[3].IsUndefined()) {
    if (!info[3].IsObject() || !info[3].As<Napi::Object>().InstanceOf(data_of(env).device.Value())) {
      throw_type(env, "[bufferFromHost] device must be a device of this client");
    }
    DeviceWrap* d = DeviceWrap::Unwrap(info[3].As<Napi::Object>());
    if (d->client() != c) throw_type(env, "[bufferFromHost] the device belongs to another client");
    device = d->device();
  }
  const void* data = length > 0 ? static_cast<const char*>(backing.Data()) + offset : nullptr;
  struct State {
    Napi::Reference<Napi::ArrayBuffer> keep;  // holds the host bytes until the copy is done
    std::shared_ptr<BufferHandle> buffer;
  };
  auto st = std::make_shared<State>();
  st->keep = Napi::Persistent(backing);
  return PromiseWorker::start(
      env,
      [c, st, data, element_type, dims, device] {
        Status s;
        st->buffer = ::tsmlx::pjrt::buffer_from_host(c, data, element_type, dims, device, &s);
        return s;
      },
      [st](Napi::Env env) -> Napi::Value { return BufferWrap::make(env, std::move(st->buffer)); },
      [st] { st->keep.Reset(); });
}

Napi::Value ExecutableWrap::execute(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!handle_) throw Napi::Error::New(env, "[execute] the executable has been destroyed");
  std::shared_ptr<ExecutableHandle> exe = handle_;
  if (info.Length() < 1 || !info[0].IsArray()) throw_type(env, "[execute] args must be an array of buffers");
  Napi::Array list = info[0].As<Napi::Array>();
  std::vector<std::shared_ptr<BufferHandle>> args;
  for (uint32_t i = 0; i < list.Length(); ++i) {
    Napi::Value v = list.Get(i);
    const std::string what = "[execute] argument " + std::to_string(i);
    if (!v.IsObject() || !v.As<Napi::Object>().InstanceOf(data_of(env).buffer.Value())) {
      throw_type(env, what + " is not a device buffer");
    }
    std::shared_ptr<BufferHandle> b = BufferWrap::Unwrap(v.As<Napi::Object>())->live(env, "execute");
    if (b->client() != exe->client()) throw_type(env, what + " belongs to another client");
    args.push_back(std::move(b));
  }
  std::vector<int64_t> donate;
  int launch_id = 0;
  if (info.Length() > 1 && info[1].IsObject()) {
    Napi::Value l = info[1].As<Napi::Object>().Get("launchId");
    if (!l.IsUndefined()) launch_id = to_launch_id(env, l, "[execute] options.launchId");
    Napi::Value d = info[1].As<Napi::Object>().Get("donate");
    if (!d.IsUndefined()) {
      if (!d.IsArray()) throw_type(env, "[execute] options.donate must be an array of argument indices");
      Napi::Array a = d.As<Napi::Array>();
      for (uint32_t i = 0; i < a.Length(); ++i) {
        int64_t idx = to_index(env, a.Get(i), "[execute] options.donate[" + std::to_string(i) + "]");
        if (static_cast<size_t>(idx) >= args.size()) {
          throw Napi::RangeError::New(env, "[execute] donated index " + std::to_string(idx) + " is out of range for " +
                                               std::to_string(args.size()) + " argument(s)");
        }
        donate.push_back(idx);
      }
    }
  } else if (info.Length() > 1 && !info[1].IsUndefined()) {
    throw_type(env, "[execute] options must be an object");
  }
  struct State {
    std::vector<std::shared_ptr<BufferHandle>> args, outputs;
    std::vector<int64_t> donate;
  };
  auto st = std::make_shared<State>();
  st->args = std::move(args);
  st->donate = std::move(donate);
  return PromiseWorker::start(
      env, [exe, st, launch_id] { return exe->execute(st->args, st->donate, &st->outputs, launch_id); },
      [st](Napi::Env env) -> Napi::Value {
        Napi::Array out = Napi::Array::New(env, st->outputs.size());
        for (size_t i = 0; i < st->outputs.size(); ++i) out.Set(i, BufferWrap::make(env, std::move(st->outputs[i])));
        st->outputs.clear();
        return out;
      },
      [st] { st->args.clear(); });
}

Napi::Value ExecutableWrap::cancel(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!handle_) throw Napi::Error::New(env, "[cancel] the executable has been destroyed");
  if (info.Length() < 1) throw_type(env, "[cancel] launchId is required");
  const int launch_id = to_launch_id(env, info[0], "[cancel] launchId");
  int code = PJRT_Error_Code_CANCELLED;
  if (info.Length() > 1 && !info[1].IsUndefined()) {
    if (!info[1].IsNumber()) throw_type(env, "[cancel] code must be a PJRT_Error_Code number");
    code = info[1].As<Napi::Number>().Int32Value();
    if (code < 1 || code > 16) throw Napi::RangeError::New(env, "[cancel] code must be 1..16, got " + std::to_string(code));
  }
  std::string message = "[execute] cancelled";
  if (info.Length() > 2 && !info[2].IsUndefined()) {
    if (!info[2].IsString()) throw_type(env, "[cancel] message must be a string");
    message = info[2].As<Napi::String>().Utf8Value();
  }
  bool poisoned = false;
  Status s = handle_->cancel(launch_id, code, message, &poisoned);
  if (!s.ok()) throw_status(env, s);
  return Napi::Boolean::New(env, poisoned);
}

// ---------------------------------------------------------------- module

Napi::Value load_plugin(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) throw_type(env, "[loadPlugin] path must be a string");
  Status s;
  std::shared_ptr<PluginLib> plugin = PluginLib::load(info[0].As<Napi::String>().Utf8Value(), &s);
  if (!plugin) throw_status(env, s);
  return data_of(env).plugin.New({pass(env, std::move(plugin))});
}

Napi::Value live_objects(const Napi::CallbackInfo& info) {
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("buffers", Napi::Number::New(info.Env(), static_cast<double>(LiveCounts::buffers.load())));
  o.Set("executables", Napi::Number::New(info.Env(), static_cast<double>(LiveCounts::executables.load())));
  return o;
}

Napi::Object init(Napi::Env env, Napi::Object exports) {
  auto* data = new AddonData();
  data->plugin = Napi::Persistent(PluginWrap::define(env));
  data->client = Napi::Persistent(ClientWrap::define(env));
  data->device = Napi::Persistent(DeviceWrap::define(env));
  data->executable = Napi::Persistent(ExecutableWrap::define(env));
  data->buffer = Napi::Persistent(BufferWrap::define(env));
  env.SetInstanceData(data);
  exports.Set("loadPlugin", Napi::Function::New(env, load_plugin, "loadPlugin"));
  exports.Set("liveObjects", Napi::Function::New(env, live_objects, "liveObjects"));
  return exports;
}

}  // namespace
}  // namespace tsmlx::pjrt

static Napi::Object InitTsmlxPjrt(Napi::Env env, Napi::Object exports) { return tsmlx::pjrt::init(env, exports); }

NODE_API_MODULE(tsmlx_pjrt, InitTsmlxPjrt)
